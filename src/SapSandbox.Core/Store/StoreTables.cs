namespace SapSandbox.Core.Store;

/// <summary>The sandbox's own tables beside the services' ones.</summary>
public static class StoreTables
{
    /// <summary>The last number each number range handed out (<see cref="Write.EntityWriter"/> assigns keys from them).</summary>
    public const string NumberRanges = "\"_sandbox_numbers\"";

    /// <summary>The keys the sandbox signs OAuth access tokens with, created on first start and kept with the data.</summary>
    public const string Keys = "\"_sandbox_keys\"";

    /// <summary>Which entities changed, in order (<see cref="Changes.ChangeLog"/>): what delta links deliver.</summary>
    public const string Changes = "\"_sandbox_changes\"";
}

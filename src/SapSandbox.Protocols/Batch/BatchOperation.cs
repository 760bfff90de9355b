using Microsoft.AspNetCore.Http;

namespace SapSandbox.Protocols.Batch;

/// <summary>One request inside a <c>$batch</c>, as either batch format carries it.</summary>
public sealed record BatchOperation(string Method, string Url, HeaderDictionary Headers, byte[] Body)
{
    /// <summary>The <c>Content-ID</c> (multipart) or <c>id</c> (JSON batch) that later operations refer to as <c>$id</c>.</summary>
    public string? ContentId { get; init; }
    /// <summary>JSON batch: the operations or groups that must have succeeded first.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

/// <summary>A top-level item of a batch: an operation on its own, or a changeset (atomicity group) of them.</summary>
public sealed record BatchItem(BatchOperation? Operation, IReadOnlyList<BatchOperation>? Changeset, string? GroupId = null)
{
    public int Count => Operation != null ? 1 : Changeset!.Count;
}

/// <summary>What one operation answered: status, headers and body, as the batch response writes it back.</summary>
public sealed record BatchResult(BatchOperation Operation, int Status, IHeaderDictionary Headers, byte[] Body);

namespace SapSandbox.Core.Model;

/// <summary>A metadata document that cannot be served; the message names the file, line and reason.</summary>
public sealed class MetadataException(string file, int line, string reason)
    : Exception($"{file}({line}): {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}

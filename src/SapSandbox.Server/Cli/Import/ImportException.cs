namespace SapSandbox.Server.Cli.Import;

/// <summary>An import that cannot go ahead; the message says why and, where it can, what to do.</summary>
public sealed class ImportException(string message) : Exception(message);

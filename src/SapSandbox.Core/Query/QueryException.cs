namespace SapSandbox.Core.Query;

/// <summary>A request the sandbox understands but cannot answer as asked: 400 for bad input, 501 for what is not supported.</summary>
public sealed class QueryException(int status, string message, string? target = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? Target { get; } = target;
    /// <summary>The SAP message (<c>CLASS/NUMBER</c>) a business rule refuses with, written as the error's code instead of Gateway's exception class.</summary>
    public string? MessageCode { get; init; }

    public static QueryException BadRequest(string message, string? target = null) => new(400, message, target);
    public static QueryException NotImplemented(string message) => new(501, message);
    public static QueryException NotFound(string message) => new(404, message);
    /// <summary>The entity exists already: 409 on V4; Gateway's V2 answers such a create 400.</summary>
    public static QueryException Conflict(string message) => new(409, message);
}

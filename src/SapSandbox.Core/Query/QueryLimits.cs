namespace SapSandbox.Core.Query;

/// <summary>
/// How much one request may ask of a service: <c>$expand</c> levels, <c>$filter</c> nodes and <c>$batch</c>
/// operations. Beyond them a request is answered 400 with a message naming the limit, before any SQL runs.
/// </summary>
/// <param name="MaxExpandDepth">Levels of nested <c>$expand</c>; SAP advises against more than 3 to 4.</param>
/// <param name="MaxFilterNodes">Operators, functions, properties and literals in one <c>$filter</c>.</param>
/// <param name="MaxBatchOperations">Operations in one <c>$batch</c>, changesets counted by their parts.</param>
public sealed record QueryLimits(int MaxExpandDepth = 4, int MaxFilterNodes = 500, int MaxBatchOperations = 1000)
{
    public static readonly QueryLimits Default = new();
}

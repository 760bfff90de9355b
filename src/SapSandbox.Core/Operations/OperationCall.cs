using Microsoft.OData.Edm;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Core.Operations;

/// <summary>
/// One call of a function or action: the operation, the entity it is bound to (if any), its parameters in stored
/// form, and the store session (inside the change's transaction for actions) a handler works with.
/// </summary>
public sealed class OperationCall
{
    public required IEdmOperation Operation { get; init; }
    public required ServiceDefinition Service { get; init; }
    public required StoreSession Session { get; init; }
    public ExistingEntity? Binding { get; init; }
    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }
    /// <summary>Writes rows in the call's session (and, for actions, its transaction).</summary>
    public required EntityWriter Writer { get; init; }
    public System.Security.Claims.ClaimsPrincipal? User { get; init; }
}

/// <summary>What an operation answers, for the protocol to write in its own form.</summary>
public abstract record OperationResult
{
    /// <summary>No return type: 204.</summary>
    public sealed record Nothing : OperationResult;
    /// <summary>An entity of the store, written as a read of it would be.</summary>
    public sealed record Entity(EntityTableMap Table, IReadOnlyDictionary<ColumnMap, object?> Key) : OperationResult;
    /// <summary>
    /// A primitive value (CLR: string, bool, long, decimal, double, DateTimeOffset, DateOnly, Guid), a complex value
    /// (a dictionary by property name), or a collection of either (a list).
    /// </summary>
    public sealed record Value(IEdmTypeReference Type, object? Content) : OperationResult;
    /// <summary>An answer the operation writes as it is, such as Cloud Integration's deploy: 202 with the task id as text.</summary>
    public sealed record Raw(int Status, string ContentType, byte[] Body) : OperationResult;
}

/// <summary>What a service does for one of its operations; registered per operation name on <see cref="ServiceDefinition"/>.</summary>
public interface IOperationHandler
{
    OperationResult Invoke(OperationCall call);
}

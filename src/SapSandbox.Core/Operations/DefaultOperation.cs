using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Write;

namespace SapSandbox.Core.Operations;

/// <summary>
/// An operation no handler implements still answers with a result of its declared type, so that a generic
/// service never fails on a declared operation: the bound entity for a bound operation that returns its own type,
/// the entity its key parameters name (or else the set's first), initial values for complex and primitive
/// results, empty collections.
/// </summary>
public sealed class DefaultOperation : IOperationHandler
{
    public static readonly DefaultOperation Instance = new();

    public OperationResult Invoke(OperationCall call)
    {
        var type = call.Operation.GetReturn()?.Type;
        if (type == null) return new OperationResult.Nothing();
        if (type.IsCollection()) return new OperationResult.Value(type, new List<object?>());
        if (type.IsEntity())
        {
            var entityType = type.AsEntity().EntityDefinition();
            if (call.Binding is { } bound && bound.Table.EntityType.IsOrInheritsFrom(entityType))
                return new OperationResult.Entity(bound.Table, bound.Key);
            var table = call.Service.Schema.Tables.FirstOrDefault(t => !t.IsContained && t.EntityType == entityType)
                ?? throw QueryException.NotImplemented($"{call.Operation.Name} returns {entityType.FullName()}, which no stored entity set holds");
            var key = table.StoredKey.ToDictionary(k => k, k => call.Parameters.GetValueOrDefault(k.Name));
            if (key.Values.Any(v => v == null))
            {
                // Nothing names the entity: any entity of the type is a well-typed answer.
                var first = ExistingEntity.First(call.Service, call.Session, table)
                    ?? throw QueryException.NotFound($"{call.Operation.Name} answers with a {table.Name}, and there is none");
                return new OperationResult.Entity(table, first.Key);
            }
            _ = ExistingEntity.Find(call.Service, call.Session, ExistingEntity.PathOf(table, key))
                ?? throw QueryException.NotFound($"{table.Name} named by the parameters of {call.Operation.Name} does not exist");
            return new OperationResult.Entity(table, key);
        }
        return new OperationResult.Value(type, Initial(type));
    }

    /// <summary>ABAP's initial values: empty text, zero, false; null where the type allows it and has no natural zero.</summary>
    public static object? Initial(IEdmTypeReference type)
    {
        if (type.IsComplex())
            return type.AsComplex().ComplexDefinition().StructuralProperties().ToDictionary(p => p.Name, p => Initial(p.Type));
        if (type.IsCollection()) return new List<object?>();
        return type.PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.String => "",
            EdmPrimitiveTypeKind.Boolean => false,
            EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int64 => 0L,
            EdmPrimitiveTypeKind.Decimal => 0m,
            EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => 0d,
            EdmPrimitiveTypeKind.Guid => Guid.Empty,
            _ => null,
        };
    }
}

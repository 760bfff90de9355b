using System.Text.Json;
using Microsoft.OData.Edm;
using SapSandbox.Core.Model;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// The parameters of a function or action call, checked against the operation's declaration as entity
/// properties are: known names only, types and facets, and the non-nullable ones present.
/// </summary>
public static class OperationParameters
{
    /// <summary>A parameter seen as a column, so that the value rules and payload readers of properties apply to it.</summary>
    public static ColumnMap Column(IEdmOperationParameter parameter) => new()
    {
        Name = parameter.Name,
        Path = parameter.Name,
        Type = parameter.Type,
        Kind = ServiceSchema.KindOf(parameter.Type),
        Facts = new SapPropertyFacts(true, true, true, true, null, null, (parameter.Type as IEdmStringTypeReference)?.MaxLength, false, null),
        IsKey = false,
    };

    /// <summary>An action's parameters from its JSON body (<c>{"Name":value,...}</c>).</summary>
    public static Dictionary<string, object?> FromJson(IEdmOperation operation, JsonElement body, PayloadReader reader)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (body.ValueKind == JsonValueKind.Undefined) return Check(operation, values);
        if (body.ValueKind != JsonValueKind.Object) throw QueryException.BadRequest($"The parameters of {operation.Name} come as a JSON object");
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name.Contains('@')) continue;
            var parameter = Declared(operation).FirstOrDefault(p => p.Name == member.Name)
                ?? throw QueryException.BadRequest($"{operation.Name} has no parameter '{member.Name}'", member.Name);
            values[parameter.Name] = member.Value.ValueKind == JsonValueKind.Null ? null : reader.ConvertParameter(Column(parameter), member.Value);
        }
        return Check(operation, values);
    }

    /// <summary>Parameters already parsed into CLR values (a V4 function's URL, a V2 function import's query).</summary>
    public static Dictionary<string, object?> FromValues(IEdmOperation operation, IEnumerable<KeyValuePair<string, object?>> given)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in given)
        {
            var parameter = Declared(operation).FirstOrDefault(p => p.Name == name)
                ?? throw QueryException.BadRequest($"{operation.Name} has no parameter '{name}'", name);
            var column = Column(parameter);
            try { values[name] = StoredValue.From(column.Kind, value, column.EnumType); }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw QueryException.BadRequest($"Parameter '{name}' of {operation.Name} is not a valid {parameter.Type.FullName()}", name);
            }
        }
        return Check(operation, values);
    }

    static IEnumerable<IEdmOperationParameter> Declared(IEdmOperation operation) => operation.IsBound ? operation.Parameters.Skip(1) : operation.Parameters;

    static Dictionary<string, object?> Check(IEdmOperation operation, Dictionary<string, object?> values)
    {
        foreach (var parameter in Declared(operation))
        {
            var column = Column(parameter);
            if (!values.TryGetValue(parameter.Name, out var value))
            {
                if (!parameter.Type.IsNullable && parameter is not IEdmOptionalParameter)
                    throw QueryException.BadRequest($"{operation.Name} needs the parameter '{parameter.Name}'", parameter.Name);
                continue;
            }
            if (parameter.Type.IsPrimitive() || parameter.Type.IsEnum()) ValueRules.Check(column, value);
        }
        return values;
    }
}

using System.Text.Json;
using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// Reads an entity a client sent as JSON into an <see cref="EntityInput"/>: properties by name (complex ones
/// flattened as the store holds them), nested entities under navigations for a deep insert. The protocols differ
/// only in how they write values and what they wrap around them, which the subclasses say.
/// </summary>
/// <remarks>
/// Written by hand rather than with Microsoft.OData's reader because one reader serves both protocols, and V2's
/// verbose JSON (<c>__metadata</c>, <c>"\/Date(ms)\/"</c>, <c>{"results":[...]}</c>) has no maintained .NET reader.
/// </remarks>
public abstract class PayloadReader
{
    const string BindSuffix = "@odata.bind";

    public EntityInput Read(JsonElement body, EntityTableMap table)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw QueryException.BadRequest($"The body must be a JSON object holding a {table.EntityType.Name}");
        var input = new EntityInput(table);
        ReadInto(input, body, "");
        return input;
    }

    void ReadInto(EntityInput input, JsonElement body, string prefix)
    {
        var table = input.Table;
        foreach (var member in body.EnumerateObject())
        {
            var name = member.Name;
            if (prefix.Length == 0 && name.EndsWith(BindSuffix, StringComparison.Ordinal))
            {
                var navigation = name[..^BindSuffix.Length];
                if (!table.Navigations.TryGetValue(navigation, out var bound))
                    throw QueryException.BadRequest($"'{navigation}' is not a navigation property of {table.EntityType.Name} stored by the sandbox", navigation);
                if (bound.IsCollection || member.Value.ValueKind != JsonValueKind.String)
                    throw QueryException.BadRequest($"'{name}' binds one entity by its id; to-many navigations are filled by creating through them", navigation);
                input.Bindings.Add((bound, member.Value.GetString()!));
                continue;
            }
            if (IsAnnotation(name)) continue;
            if (prefix.Length == 0 && table.Navigations.TryGetValue(name, out var join))
            {
                if (Nested(member.Value) is { } entities)
                    input.Nested.Add((join, entities.Select(e => Read(e, join.Target)).ToList()));
                continue;
            }
            if (prefix.Length == 0 && table.EntityType.FindProperty(name) is IEdmNavigationProperty)
                throw QueryException.NotImplemented($"Navigation '{name}' of {table.Name} leads to no stored entity set");
            var path = prefix + name;
            if (table.Column(path) is { } column)
            {
                if (column.IsHidden) throw Unknown(table, path);
                input.Values[column] = member.Value.ValueKind == JsonValueKind.Null ? null : Convert(column, member.Value);
            }
            else if (member.Value.ValueKind == JsonValueKind.Object && table.Columns.Any(c => c.Path.StartsWith(path + "/", StringComparison.Ordinal)))
                ReadInto(input, member.Value, path + "/");
            else if (member.Value.ValueKind == JsonValueKind.Null && table.Columns.Any(c => c.Path.StartsWith(path + "/", StringComparison.Ordinal)))
                foreach (var part in table.Columns.Where(c => c.Path.StartsWith(path + "/", StringComparison.Ordinal))) input.Values[part] = null;
            else throw Unknown(table, path);
        }
    }

    static QueryException Unknown(EntityTableMap table, string path) =>
        QueryException.BadRequest($"Property '{path}' does not exist in type '{table.EntityType.FullName()}'", path);

    /// <summary>Control information the protocol puts beside properties (<c>@odata.type</c>, <c>__metadata</c>).</summary>
    protected abstract bool IsAnnotation(string name);

    /// <summary>The entities a navigation property's value holds for a deep insert, or null when it only refers (V2 <c>__deferred</c>).</summary>
    protected abstract IReadOnlyList<JsonElement>? Nested(JsonElement value);

    /// <summary>A primitive value in the protocol's JSON form, converted to its stored form.</summary>
    protected abstract object? ConvertValue(ColumnMap column, JsonElement value);

    /// <summary>An operation parameter's value, read as a property of its type would be.</summary>
    public object? ConvertParameter(ColumnMap column, JsonElement value) =>
        column.Type.IsPrimitive() || column.Type.IsEnum() ? Convert(column, value) : value.GetRawText();

    object? Convert(ColumnMap column, JsonElement value)
    {
        try
        {
            return ConvertValue(column, value) ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentException or InvalidCastException)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            throw QueryException.BadRequest($"Property '{column.Path}' has the invalid value '{text}'; expected {Expected(column)}", column.Path);
        }
    }

    protected virtual string Expected(ColumnMap column) => "a value of type " + column.Type.FullName();

    /// <summary>JSON arrays, as most nested collections come, or a single object for a to-one navigation.</summary>
    protected static IReadOnlyList<JsonElement> Entities(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().ToList(),
        JsonValueKind.Object => [value],
        JsonValueKind.Null => [],
        _ => throw QueryException.BadRequest("A navigation property's value must be an entity or a list of entities"),
    };
}

using System.Globalization;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.S4Behavior;

/// <summary>Rows an operation works on, read inside its transaction: one document by number, and what hangs below it.</summary>
static class StoredRows
{
    public static EntityTableMap Table(ServiceDefinition service, string entitySet) =>
        service.Schema.Tables.FirstOrDefault(t => t.Name == entitySet && !t.IsContained)
        ?? throw new InvalidOperationException($"{service.Name} has no entity set {entitySet}");

    /// <summary>
    /// A document by its number as a user types it: <c>1000</c> finds <c>0000001000</c>, as ABAP's ALPHA conversion
    /// pads numeric document numbers to their length.
    /// </summary>
    public static ExistingEntity? ByNumber(ServiceDefinition service, StoreSession session, EntityTableMap table, string number)
    {
        var key = table.Keys.Single();
        foreach (var candidate in Spellings(number, key.MaxLength))
            if (ExistingEntity.Find(service, session, ExistingEntity.PathOf(table, new Dictionary<ColumnMap, object?> { [key] = candidate })) is { } found)
                return found;
        return null;
    }

    static IEnumerable<string> Spellings(string number, int? length)
    {
        yield return number;
        if (number.Length > 0 && number.All(char.IsAsciiDigit) && length is { } max && number.Length < max) yield return number.PadLeft(max, '0');
    }

    /// <summary>The entities a navigation of <paramref name="parent"/> leads to (an order's items), all columns, in key order.</summary>
    public static List<ExistingEntity> Related(ServiceDefinition service, StoreSession session, ExistingEntity parent, string navigation)
    {
        var parentPath = ExistingEntity.PathOf(parent.Table, parent.Key);
        var property = (IEdmNavigationProperty)parent.Table.EntityType.FindProperty(navigation)!;
        var target = parent.Table.Source.FindNavigationTarget(property);
        var path = new ODataPath(parentPath.Concat([new NavigationPropertySegment(property, target)]));
        var plan = service.Planner.Plan(new ReadRequest(path, PageSize: int.MaxValue));
        var related = new List<ExistingEntity>();
        using var rows = EntityRows.Open(session, plan);
        while (rows.Read())
        {
            var values = plan.Table.Columns.Where(c => plan.Ordinal(c) >= 0)
                .ToDictionary(c => c, c => rows.IsNull(plan.Ordinal(c)) ? null : rows.Record.GetValue(plan.Ordinal(c)));
            related.Add(new ExistingEntity(plan.Table, values, null));
        }
        return related;
    }

    public static string Text(this ExistingEntity entity, string property) =>
        entity.Table.Column(property) is { } column && entity.Values.GetValueOrDefault(column) is { } value
            ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""
            : "";

    public static decimal Amount(this ExistingEntity entity, string property) =>
        decimal.TryParse(entity.Text(property), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;

    public static bool Flag(this ExistingEntity entity, string property) =>
        entity.Table.Column(property) is { } column && entity.Values.GetValueOrDefault(column) is long flag && flag != 0;

    /// <summary>
    /// Sets properties as the service does, the ones the client may only read included; the row's ETag (or its
    /// header's) moves with it. Decimals are rounded to the property's scale.
    /// </summary>
    public static void Set(this EntityWriter writer, ExistingEntity entity, params (string Property, object? Value)[] values)
    {
        var input = new EntityInput(entity.Table);
        foreach (var (property, value) in values)
        {
            var column = entity.Table.Column(property) ?? throw new InvalidOperationException($"{entity.Table.Name} has no property {property}");
            input.Values[column] = value switch
            {
                decimal amount when column.Scale is { } scale => StoredValue.FromDecimal(Math.Round(amount, scale, MidpointRounding.AwayFromZero)),
                decimal amount => StoredValue.FromDecimal(amount),
                _ => value,
            };
        }
        writer.Update(entity.Table, entity.Key, input, replace: false, byService: true);
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.OData.Edm;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Query;

/// <summary>
/// A read compiled to SQL: the statement, what each reader column means, and how to go on
/// (expansions per row, keyset for the next page). Writers of both protocols consume it.
/// </summary>
public sealed record ReadPlan
{
    public required EntityTableMap Table { get; init; }
    public required ResultShape Shape { get; init; }
    public required string Sql { get; init; }
    public required IReadOnlyList<object?> Parameters { get; init; }
    /// <summary>Counts what the path and <c>$filter</c>/<c>$search</c> select, ignoring paging.</summary>
    public required string CountSql { get; init; }
    public required IReadOnlyList<object?> CountParameters { get; init; }
    /// <summary>The properties to write, in the model's order.</summary>
    public required IReadOnlyList<PropertyNode> Selected { get; init; }
    /// <summary>Reader ordinal of each table column (by <see cref="ColumnMap.Ordinal"/>), or -1 when not read.</summary>
    public required int[] Ordinals { get; init; }
    public int ETagOrdinal { get; init; } = -1;
    /// <summary>Reader ordinals of the sort values a skip token records.</summary>
    public required IReadOnlyList<int> OrderOrdinals { get; init; }
    public required IReadOnlyList<ExpandPlan> Expands { get; init; }
    /// <summary>Whether <c>$select</c> narrowed the properties (the context URL then lists them).</summary>
    public bool HasSelect { get; init; }
    /// <summary>Navigation properties named in <c>$select</c>: with a select, only these are linked (V2 <c>__deferred</c>).</summary>
    public IReadOnlySet<string> SelectedNavigations { get; init; } = new HashSet<string>();
    /// <summary>Whether a navigation not expanded is still written as a link.</summary>
    public bool Links(string navigation) => !HasSelect || SelectedNavigations.Contains(navigation);
    public bool IncludeCount { get; init; }
    /// <summary>Rows to write in this response; more rows mean a next page.</summary>
    public long WriteLimit { get; init; } = long.MaxValue;
    /// <summary>The client's <c>$top</c>, carried into next links less what this page served.</summary>
    public long? Top { get; init; }
    /// <summary>A statement that finds the entity a navigation path starts from, so a missing parent is 404, not an empty list.</summary>
    public string? ParentSql { get; init; }
    public IReadOnlyList<object?> ParentParameters { get; init; } = [];
    /// <summary>Only references to the entities are asked for (V4 <c>$ref</c>, V2 <c>$links</c>).</summary>
    public bool References { get; init; }
    /// <summary>For property paths: the property addressed.</summary>
    public PropertyNode? Property { get; init; }
    public int Ordinal(ColumnMap column) => Ordinals[column.Ordinal];
}

/// <summary>One <c>$expand</c>ed navigation: its join, the child read, and where the parent row's join values are.</summary>
public sealed class ExpandPlan
{
    readonly NavigationJoin _join = null!;

    public required NavigationJoin Join
    {
        get => _join;
        init
        {
            _join = value;
            EncodedName = JsonEncodedText.Encode(value.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            EncodedCountName = JsonEncodedText.Encode(value.Name + "@odata.count", JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        }
    }

    public required ReadPlan Child { get; init; }
    public required int[] SourceOrdinals { get; init; }

    public string Name => Join.Name;
    public JsonEncodedText EncodedName { get; private init; }
    public JsonEncodedText EncodedCountName { get; private init; }
    public bool IsCollection => Join.IsCollection;
    public IEdmNavigationProperty Navigation => Join.Navigation;
}

using Microsoft.OData.UriParser;
using SapSandbox.Core.Query;

namespace SapSandbox.Protocols.V4;

/// <summary>
/// Refuses a parsed query that asks for more than the service's <see cref="QueryLimits"/>: nested <c>$expand</c>
/// deeper than <c>MaxExpandDepth</c> and a <c>$filter</c> of more than <c>MaxFilterNodes</c> nodes. Both protocols
/// come through here (V2 URLs are parsed as V4), so the limits and their messages are the same for both.
/// </summary>
public static class QueryLimitCheck
{
    public static void Check(QueryLimits limits, FilterClause? filter, SelectExpandClause? selectExpand)
    {
        var depth = ExpandDepth(selectExpand);
        if (depth > limits.MaxExpandDepth)
            throw QueryException.BadRequest($"$expand is {depth} levels deep; the limit MaxExpandDepth allows {limits.MaxExpandDepth}", "$expand");
        CheckFilter(limits, filter);
        CheckNestedFilters(limits, selectExpand);
    }

    static void CheckFilter(QueryLimits limits, FilterClause? filter)
    {
        if (filter == null) return;
        var nodes = Count(filter.Expression);
        if (nodes > limits.MaxFilterNodes)
            throw QueryException.BadRequest($"$filter has {nodes} nodes (operators, functions, properties and values); the limit MaxFilterNodes allows {limits.MaxFilterNodes}", "$filter");
    }

    /// <summary>A <c>$filter</c> inside an expansion (<c>$expand=_Item($filter=...)</c>) has the same limit.</summary>
    static void CheckNestedFilters(QueryLimits limits, SelectExpandClause? clause)
    {
        if (clause == null) return;
        foreach (var item in clause.SelectedItems.OfType<ExpandedNavigationSelectItem>())
        {
            CheckFilter(limits, item.FilterOption);
            CheckNestedFilters(limits, item.SelectAndExpand);
        }
    }

    /// <summary>The deepest chain of expansions, nested ones and <c>$levels</c> counted level by level.</summary>
    static int ExpandDepth(SelectExpandClause? clause)
    {
        if (clause == null) return 0;
        var deepest = 0;
        foreach (var item in clause.SelectedItems)
        {
            if (item is not ExpandedReferenceSelectItem expanded) continue;
            var levels = expanded is ExpandedNavigationSelectItem { LevelsOption: { } option }
                ? option.IsMaxLevel ? int.MaxValue : (int)Math.Min(option.Level, int.MaxValue)
                : 1;
            var nested = expanded is ExpandedNavigationSelectItem navigation ? ExpandDepth(navigation.SelectAndExpand) : 0;
            deepest = Math.Max(deepest, (int)Math.Min((long)levels + nested, int.MaxValue));
        }
        return deepest;
    }

    /// <summary>The nodes a client wrote; the conversions the parser adds between them do not count.</summary>
    static int Count(QueryNode? node) => node switch
    {
        null => 0,
        ConvertNode convert => Count(convert.Source),
        BinaryOperatorNode binary => 1 + Count(binary.Left) + Count(binary.Right),
        UnaryOperatorNode unary => 1 + Count(unary.Operand),
        InNode @in => 1 + Count(@in.Left) + Count(@in.Right),
        CollectionConstantNode constants => constants.Collection.Count,
        SingleValueFunctionCallNode function => 1 + function.Parameters.Sum(Count),
        SingleResourceFunctionCallNode function => 1 + function.Parameters.Sum(Count),
        CollectionFunctionCallNode function => 1 + function.Parameters.Sum(Count),
        CollectionResourceFunctionCallNode function => 1 + function.Parameters.Sum(Count),
        LambdaNode lambda => 1 + Count(lambda.Source) + Count(lambda.Body),
        _ => 1,
    };
}

using Microsoft.OData.UriParser;

namespace SapSandbox.Core.Query;

/// <summary>
/// The one protocol-neutral shape of a read: Microsoft.OData's semantic tree plus paging. Both protocol
/// adapters parse into it; the planner turns it into SQL.
/// </summary>
public sealed record ReadRequest(
    ODataPath Path,
    FilterClause? Filter = null,
    OrderByClause? OrderBy = null,
    SearchClause? Search = null,
    SelectExpandClause? SelectExpand = null,
    long? Top = null,
    long? Skip = null,
    bool Count = false,
    string? SkipToken = null,
    int PageSize = 1000);

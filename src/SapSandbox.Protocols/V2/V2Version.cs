using System.Globalization;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Query;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// The protocol version a V2 request allows: <c>DataServiceVersion</c> says what the client speaks (above 2.0 is
/// refused), <c>MaxDataServiceVersion</c> what it can read back. A client capped at 1.0 gets OData 1.0 responses
/// (JSON collections as bare arrays, <c>DataServiceVersion: 1.0</c>) and a 400 for what only 2.0 can express.
/// </summary>
public static class V2Version
{
    public const string V1 = "1.0";
    public const string V2 = "2.0";

    /// <summary>True when the response must be OData 1.0.</summary>
    public static bool CappedAtV1(HttpRequest request)
    {
        if (Major(request.Headers["DataServiceVersion"].ToString(), "DataServiceVersion") is > 2 and var major)
            throw QueryException.BadRequest($"DataServiceVersion {major}.0 is not supported; this service speaks OData 2.0");
        return Major(request.Headers["MaxDataServiceVersion"].ToString(), "MaxDataServiceVersion") == 1;
    }

    /// <summary>Refuses, before anything is written, what a 1.0 response cannot carry.</summary>
    public static void RequireV2Features(HttpRequest request, bool countPath)
    {
        string? feature = countPath ? "$count"
            : request.Query.ContainsKey("$select") ? "$select"
            : request.Query["$inlinecount"].ToString() == "allpages" ? "$inlinecount=allpages"
            : null;
        if (feature != null) throw Refused(feature);
    }

    /// <summary>A 1.0 collection cannot say that more rows follow, so one that server paging would cut is refused.</summary>
    public static void RequireSinglePage(long remaining, int pageSize)
    {
        if (remaining > pageSize)
            throw Refused($"a result of {remaining} rows (server paging after {pageSize}; ask for $top={pageSize} or fewer)");
    }

    static QueryException Refused(string feature) => QueryException.BadRequest(
        $"The request needs OData 2.0 for {feature}, but its MaxDataServiceVersion is 1.0; send MaxDataServiceVersion: 2.0");

    /// <summary>"2.0", "2.0;NetFx", "1" → the major version; absent → null.</summary>
    static int? Major(string header, string name)
    {
        if (header.Length == 0) return null;
        var version = header.Split(';')[0].Trim();
        if (!decimal.TryParse(version, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw QueryException.BadRequest($"The {name} header '{header}' is not a protocol version such as 2.0", name);
        return (int)value;
    }
}

using Microsoft.AspNetCore.Http;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// How many entities a response carried, for the request log and the <c>rows</c> metric: the endpoints add what
/// they wrote, the operations of a <c>$batch</c> add theirs to the batch. Kept in <see cref="HttpContext.Items"/>
/// so that counting costs one dictionary write per response, not per row.
/// </summary>
public static class ResponseRows
{
    const string Key = "SapSandbox.ResponseRows";

    public static void Add(HttpContext context, long rows)
    {
        if (rows <= 0) return;
        context.Items[Key] = Of(context) + rows;
    }

    public static long Of(HttpContext context) => context.Items.TryGetValue(Key, out var value) && value is long rows ? rows : 0;
}

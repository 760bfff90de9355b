// The "practical limit" server for bench/run.sh (and bench/peers.sh, GeneratedBp.cs: the same five reads on the
// business partner service BENCH_BP): answers exactly the five benchmark requests with the
// sandbox's own SQL (Generated.cs, produced by bench/PlanDump from the sandbox's ReadPlanner) and the
// sandbox's JSON, written by hand with Utf8JsonWriter. Everything that does not depend on the
// request is decided ahead of time; per request it does what any server must: check the credentials,
// take a connection, run the statement(s), stream the rows as JSON.
//
//   dotnet LimitServer.dll --urls http://127.0.0.1:5181 --db /tmp/bench/sandbox.db [--statements kept|per-request]
//
// --statements kept (default): open connections are pooled with their prepared statements, so a request
//   binds and steps an already prepared statement (what the sandbox does since it keeps store sessions).
// --statements per-request: every request opens a pooled SqliteConnection and prepares its statements anew.
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LimitServer;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;

var urls = Arg("--urls") ?? "http://127.0.0.1:5181";
var db = Arg("--db") ?? throw new ArgumentException("--db PATH is required");
var keepStatements = (Arg("--statements") ?? "kept") switch
{
    "kept" => true,
    "per-request" => false,
    var other => throw new ArgumentException($"--statements {other}: use kept or per-request"),
};

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(urls);
var app = builder.Build();

var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(db), Pooling = true }.ToString();
var jsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
const string Authorization = "Basic c2FuZGJveDpzYW5kYm94"; // sandbox:sandbox
const int FlushThreshold = Generated.FlushThreshold; // the sandbox's JsonPipeFlusher.Threshold, read by PlanDump
var contextName = JsonEncodedText.Encode("@odata.context");
var metadataETagName = JsonEncodedText.Encode("@odata.metadataEtag");
var metadataETag = JsonEncodedText.Encode(Generated.MetadataETag, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
var bpMetadataETag = JsonEncodedText.Encode(GeneratedBp.MetadataETag, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
var valueName = JsonEncodedText.Encode("value");

app.Run(async context =>
{
    var request = context.Request;
    var response = context.Response;
    if (request.Headers.Authorization.ToString() != Authorization)
    {
        response.StatusCode = 401;
        response.Headers.WWWAuthenticate = "Basic realm=\"SapSandbox\"";
        response.ContentType = "text/plain;charset=utf-8";
        await response.WriteAsync("Logon failed: send HTTP Basic credentials (the built-in user is sandbox / sandbox).");
        return;
    }
    var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
    response.Headers["OData-Version"] = "4.0";
    response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
    switch (target)
    {
        case Generated.Top100Target:
            await Collection(context, metadataETag, Generated.Top100Sql, Generated.Top100Parameters, Generated.Top100Context, Generated.Top100Row);
            break;
        case Generated.FilterOrderByTarget:
            await Collection(context, metadataETag, Generated.FilterOrderBySql, Generated.FilterOrderByParameters, Generated.FilterOrderByContext, Generated.FilterOrderByRow);
            break;
        case Generated.ByKeyTarget:
            await ByKey(context, metadataETag, Generated.ByKeySql, Generated.ByKeyParameters, Generated.ByKeyETagOrdinal, Generated.ByKeyContext, Generated.ByKeyBody);
            break;
        case Generated.ExpandItemsTarget:
            await ExpandItems(context, metadataETag, Generated.ExpandItemsSql, Generated.ExpandItemsParameters, Generated.ExpandItemsContext, Generated.ExpandItemsBody,
                Generated.ExpandItemsExpandSql, Generated.ExpandItemsExpandName, Generated.ExpandItemsExpandSourceOrdinal, Generated.ExpandItemsExpandRow);
            break;
        case Generated.CountTarget:
            await Count(context, Generated.CountSql, Generated.CountParameters);
            break;
        // bench/peers.sh: the business partners of BENCH_BP
        case GeneratedBp.Top100Target:
            await Collection(context, bpMetadataETag, GeneratedBp.Top100Sql, GeneratedBp.Top100Parameters, GeneratedBp.Top100Context, GeneratedBp.Top100Row);
            break;
        case GeneratedBp.FilterOrderByTarget:
            await Collection(context, bpMetadataETag, GeneratedBp.FilterOrderBySql, GeneratedBp.FilterOrderByParameters, GeneratedBp.FilterOrderByContext, GeneratedBp.FilterOrderByRow);
            break;
        case GeneratedBp.ByKeyTarget:
            await ByKey(context, bpMetadataETag, GeneratedBp.ByKeySql, GeneratedBp.ByKeyParameters, GeneratedBp.ByKeyETagOrdinal, GeneratedBp.ByKeyContext, GeneratedBp.ByKeyBody);
            break;
        case GeneratedBp.ExpandItemsTarget:
            await ExpandItems(context, bpMetadataETag, GeneratedBp.ExpandItemsSql, GeneratedBp.ExpandItemsParameters, GeneratedBp.ExpandItemsContext, GeneratedBp.ExpandItemsBody,
                GeneratedBp.ExpandItemsExpandSql, GeneratedBp.ExpandItemsExpandName, GeneratedBp.ExpandItemsExpandSourceOrdinal, GeneratedBp.ExpandItemsExpandRow);
            break;
        case GeneratedBp.CountTarget:
            await Count(context, GeneratedBp.CountSql, GeneratedBp.CountParameters);
            break;
        default:
            response.StatusCode = 404;
            break;
    }
});

app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"LimitServer listening on {urls}, store {db}, statements {(keepStatements ? "kept" : "per-request")}"));
app.Run();
return;

Lease Rent() => keepStatements && Lease.Idle.TryTake(out var lease) ? lease : new Lease(Open(), keepStatements);

SqliteConnection Open()
{
    var connection = new SqliteConnection(connectionString);
    // The tables' decimal columns are declared COLLATE DECIMAL; SQLite refuses statements on them without it.
    connection.CreateCollation("DECIMAL", Values.CompareDecimal);
    connection.Open();
    // The sandbox's page cache per connection (SqliteStore), so that both read the same pages from memory.
    using var cache = connection.CreateCommand();
    cache.CommandText = "PRAGMA cache_size=-4096";
    cache.ExecuteNonQuery();
    return connection;
}

void StartDocument(Utf8JsonWriter json, JsonEncodedText metadataETag, JsonEncodedText contextUrl)
{
    json.WriteStartObject();
    json.WriteString(contextName, contextUrl);
    json.WriteString(metadataETagName, metadataETag);
}

async Task Collection(HttpContext context, JsonEncodedText metadataETag, string sql, object[] parameters, JsonEncodedText contextUrl, Action<Utf8JsonWriter, SqliteDataReader> row)
{
    var response = context.Response;
    using var lease = Rent();
    using var reader = lease.Command(sql, parameters).ExecuteReader();
    response.ContentType = "application/json;odata.metadata=minimal";
    await using var json = new Utf8JsonWriter(response.BodyWriter, jsonOptions);
    StartDocument(json, metadataETag, contextUrl);
    json.WriteStartArray(valueName);
    long flushed = 0;
    while (reader.Read())
    {
        row(json, reader);
        // As the sandbox's JsonPipeFlusher: the writer commits pipe segments on its own, so count bytes since the last flush.
        if (json.BytesCommitted + json.BytesPending - flushed > FlushThreshold)
        {
            json.Flush();
            await response.BodyWriter.FlushAsync();
            flushed = json.BytesCommitted;
        }
    }
    json.WriteEndArray();
    json.WriteEndObject();
    await json.FlushAsync();
}

async Task ByKey(HttpContext context, JsonEncodedText metadataETag, string sql, object[] parameters, int etagOrdinal, JsonEncodedText contextUrl,
    Action<Utf8JsonWriter, SqliteDataReader> body)
{
    var response = context.Response;
    using var lease = Rent();
    using var reader = lease.Command(sql, parameters).ExecuteReader();
    if (!reader.Read())
    {
        response.StatusCode = 404;
        return;
    }
    if (etagOrdinal >= 0 && !reader.IsDBNull(etagOrdinal))
        response.Headers.ETag = Values.FormatETag(reader.GetString(etagOrdinal));
    response.ContentType = "application/json;odata.metadata=minimal";
    await using var json = new Utf8JsonWriter(response.BodyWriter, jsonOptions);
    // The entity's own object carries the context; write the row into it without its braces.
    json.WriteStartObject();
    json.WriteString(contextName, contextUrl);
    json.WriteString(metadataETagName, metadataETag);
    body(json, reader);
    json.WriteEndObject();
    await json.FlushAsync();
}

async Task ExpandItems(HttpContext context, JsonEncodedText metadataETag, string sql, object[] parameters, JsonEncodedText contextUrl,
    Action<Utf8JsonWriter, SqliteDataReader> body, string childSql, JsonEncodedText expandName, int sourceOrdinal, Action<Utf8JsonWriter, SqliteDataReader> childRow)
{
    var response = context.Response;
    using var lease = Rent();
    // One prepared child statement, re-bound and re-run for every parent row, as the sandbox does.
    var items = lease.Command(childSql, [DBNull.Value]);
    var parent = items.Parameters[0];
    using var reader = lease.Command(sql, parameters).ExecuteReader();
    response.ContentType = "application/json;odata.metadata=minimal";
    await using var json = new Utf8JsonWriter(response.BodyWriter, jsonOptions);
    StartDocument(json, metadataETag, contextUrl);
    json.WriteStartArray(valueName);
    long flushed = 0;
    while (reader.Read())
    {
        json.WriteStartObject();
        body(json, reader);
        json.WriteStartArray(expandName);
        parent.Value = reader.GetString(sourceOrdinal);
        using (var children = items.ExecuteReader())
            while (children.Read()) childRow(json, children);
        json.WriteEndArray();
        json.WriteEndObject();
        // As the sandbox's JsonPipeFlusher: the writer commits pipe segments on its own, so count bytes since the last flush.
        if (json.BytesCommitted + json.BytesPending - flushed > FlushThreshold)
        {
            json.Flush();
            await response.BodyWriter.FlushAsync();
            flushed = json.BytesCommitted;
        }
    }
    json.WriteEndArray();
    json.WriteEndObject();
    await json.FlushAsync();
}

async Task Count(HttpContext context, string sql, object[] parameters)
{
    long total;
    using (var lease = Rent())
        total = (long)lease.Command(sql, parameters).ExecuteScalar()!;
    context.Response.ContentType = "text/plain;charset=utf-8";
    await context.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture));
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>
/// A connection lent to one request. With kept statements it goes back to <see cref="Idle"/> open, with its
/// prepared commands (one per SQL text, bound once: the benchmark's parameters are constants); otherwise its
/// commands are disposed and the connection closed (back to Microsoft.Data.Sqlite's pool).
/// </summary>
sealed class Lease(SqliteConnection connection, bool keep) : IDisposable
{
    public static readonly System.Collections.Concurrent.ConcurrentBag<Lease> Idle = [];
    readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteCommand Command(string sql, object[] parameters)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters.Add(new SqliteParameter("$p" + i, parameters[i]));
        if (keep) command.Prepare();
        _commands[sql] = command;
        return command;
    }

    public void Dispose()
    {
        if (keep)
        {
            Idle.Add(this);
            return;
        }
        foreach (var command in _commands.Values) command.Dispose();
        connection.Dispose();
    }
}

/// <summary>Value formats of the sandbox's V4JsonWriter and ETag, for the generated row writers.</summary>
static class Values
{
    public static int CompareDecimal(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x == null) return -1;
        if (y == null) return 1;
        if (decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            return a.CompareTo(b);
        return string.CompareOrdinal(x, y);
    }

    /// <summary><c>2024-04-16T20:20:20.5807145Z</c> becomes <c>W/"20240416202020.5807145"</c>.</summary>
    public static void WriteETag(Utf8JsonWriter json, string stored)
    {
        Span<char> buffer = stackalloc char[48];
        json.WriteStringValue(buffer[..ETag(stored, buffer)]);
    }

    public static string FormatETag(string stored)
    {
        Span<char> buffer = stackalloc char[48];
        return new string(buffer[..ETag(stored, buffer)]);
    }

    static int ETag(string s, Span<char> b)
    {
        if (s.Length < 19 || s[4] != '-' || s[10] != 'T')
        {
            var text = $"W/\"'{s}'\"";
            text.CopyTo(b);
            return text.Length;
        }
        var n = 0;
        b[n++] = 'W'; b[n++] = '/'; b[n++] = '"';
        s.AsSpan(0, 4).CopyTo(b[n..]); n += 4;
        s.AsSpan(5, 2).CopyTo(b[n..]); n += 2;
        s.AsSpan(8, 2).CopyTo(b[n..]); n += 2;
        s.AsSpan(11, 2).CopyTo(b[n..]); n += 2;
        s.AsSpan(14, 2).CopyTo(b[n..]); n += 2;
        s.AsSpan(17, 2).CopyTo(b[n..]); n += 2;
        if (s.Length > 20)
        {
            s.AsSpan(19, s.Length - 20).CopyTo(b[n..]);
            n += s.Length - 20;
        }
        b[n++] = '"';
        return n;
    }

    /// <summary>Stored temporal text has seven fraction digits; the wire has the property's precision.</summary>
    public static void WriteTemporal(Utf8JsonWriter json, string stored, int secondsEnd, int precision, char? suffix)
    {
        Span<char> buffer = stackalloc char[40];
        stored.AsSpan(0, secondsEnd).CopyTo(buffer);
        var length = secondsEnd;
        if (precision > 0)
        {
            stored.AsSpan(secondsEnd, 1 + precision).CopyTo(buffer[length..]);
            length += 1 + precision;
        }
        if (suffix is { } z) buffer[length++] = z;
        json.WriteStringValue(buffer[..length]);
    }
}

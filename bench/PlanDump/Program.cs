// PlanDump: asks the sandbox's own code (V4RequestParser + ReadPlanner) what it does for each
// benchmark request, prints the SQL with its parameters, and generates the limit server's
// hard-coded SQL, context URLs and straight-line row writers (bench/LimitServer/Generated.cs).
//
//   dotnet run --project bench/PlanDump -c Release -- SERVICES_DIR [GENERATED_CS] [PLANS_TXT]
//
// SERVICES_DIR is the folder the sandbox is started with (--services); it must hold BENCH_SALESORDER.edmx.
using System.Globalization;
using System.Reflection;
using System.Text;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.V4;
using SapSandbox.Services.Edmx;

// Options after the positional arguments, for bench/peers.sh: --service NAME (default BENCH_SALESORDER),
// --class NAME (default Generated) and --request ID=RELATIVE (repeatable; replaces the requests below).
var options = args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
args = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var ServiceName = Option("--service") ?? "BENCH_SALESORDER";
var className = Option("--class") ?? "Generated";

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: PlanDump SERVICES_DIR [GENERATED_CS] [PLANS_TXT] [--service NAME] [--class NAME] [--request ID=RELATIVE]...");
    return 2;
}
var servicesDir = args[0];
var generatedPath = args.Length > 1 ? args[1] : null;
var plansPath = args.Length > 2 ? args[2] : null;

// The benchmark requests, relative to the service root and percent-encoded exactly as wrk sends them.
// Keep in sync with REQUESTS in bench/run.sh (run.sh checks that the limit server answers each of them).
(string Id, string Relative)[] requests =
[
    ("Top100", "SalesOrder?$top=100"),
    ("ByKey", "SalesOrder('0000001000')"),
    ("FilterOrderBy", "SalesOrder?$filter=TotalNetAmount%20gt%201000&$orderby=CreationDate%20desc&$top=50"),
    ("ExpandItems", "SalesOrder?$top=20&$expand=_Item"),
    ("Count", "SalesOrder/$count"),
];
var requestOptions = options.Select((o, i) => (o, i)).Where(x => x.o == "--request" && x.i + 1 < options.Length)
    .Select(x => options[x.i + 1].Split('=', 2)).Select(kv => (kv[0], kv[1])).ToArray();
if (requestOptions.Length > 0) requests = requestOptions;

var service = FolderServices.Load(servicesDir, SqliteDialect.Instance, 1000, e => throw e)
    .SingleOrDefault(s => s.Name == ServiceName)
    ?? throw new InvalidOperationException($"{servicesDir} holds no {ServiceName}.edmx");
var mount = $"/odata/v4/{ServiceName}/";
var serviceRoot = new Uri("http://127.0.0.1" + mount);

// V4Endpoint.ContextUrl is private; call it so the limit server writes the very same context URL.
var contextUrlMethod = typeof(V4Endpoint).GetMethod("ContextUrl", BindingFlags.NonPublic | BindingFlags.Static);

var text = new StringBuilder();
var code = new StringBuilder();
var names = new SortedSet<string>(StringComparer.Ordinal);
var writers = new Dictionary<string, string>(StringComparer.Ordinal); // body -> method name
var writerMethods = new StringBuilder();

text.AppendLine($"# SQL the sandbox runs for each benchmark request (service {ServiceName}, from ReadPlanner)");
text.AppendLine();
foreach (var (id, relative) in requests)
{
    var request = V4RequestParser.Parse(service, serviceRoot, relative, service.PageSize);
    var plan = service.Planner.Plan(request);
    var question = relative.IndexOf('?');
    var resourcePath = question < 0 ? relative : relative[..question];
    var contextUrl = ContextUrl(resourcePath, plan);

    text.AppendLine($"## {id}: GET {mount}{relative}");
    text.AppendLine($"shape: {plan.Shape}");
    if (plan.Shape == ResultShape.Count)
    {
        text.AppendLine($"sql: {plan.CountSql}");
        text.AppendLine($"parameters: {Params(plan.CountParameters)}");
    }
    else
    {
        text.AppendLine($"context: {contextUrl}");
        text.AppendLine($"sql: {plan.Sql}");
        text.AppendLine($"parameters: {Params(plan.Parameters)}");
        foreach (var expand in plan.Expands)
        {
            text.AppendLine($"expand {expand.Name}: per parent row, parent reader ordinal(s) {string.Join(",", expand.SourceOrdinals)} bound to the first parameter(s)");
            text.AppendLine($"  sql: {expand.Child.Sql}");
            text.AppendLine($"  parameters: {Params(expand.Child.Parameters)}");
        }
    }
    text.AppendLine();

    code.AppendLine($"    // {id}: GET {mount}{relative}");
    code.AppendLine($"    public const string {id}Target = {Lit(mount + relative)};");
    if (plan.Shape == ResultShape.Count)
    {
        code.AppendLine($"    public const string {id}Sql = {Lit(plan.CountSql)};");
        code.AppendLine($"    public static readonly object[] {id}Parameters = {ParamsCode(plan.CountParameters)};");
        code.AppendLine();
        continue;
    }
    code.AppendLine($"    public const string {id}Sql = {Lit(plan.Sql)};");
    code.AppendLine($"    public static readonly object[] {id}Parameters = {ParamsCode(plan.Parameters)};");
    code.AppendLine($"    public static readonly JsonEncodedText {id}Context = JsonEncodedText.Encode({Lit(contextUrl)}, Encoder);");
    code.AppendLine($"    public const int {id}ETagOrdinal = {plan.ETagOrdinal};");
    code.AppendLine($"    public static void {id}Body(Utf8JsonWriter w, SqliteDataReader r) => {Writer(plan)}(w, r);");
    code.AppendLine($"    public static void {id}Row(Utf8JsonWriter w, SqliteDataReader r) {{ w.WriteStartObject(); {Writer(plan)}(w, r); w.WriteEndObject(); }}");
    foreach (var expand in plan.Expands)
    {
        if (expand.SourceOrdinals.Length != 1 || !expand.IsCollection)
            throw new NotSupportedException("the limit server handles collection expansions over a one-column join only");
        code.AppendLine($"    public static readonly JsonEncodedText {id}ExpandName = JsonEncodedText.Encode({Lit(expand.Name)});");
        code.AppendLine($"    public const int {id}ExpandSourceOrdinal = {expand.SourceOrdinals[0]};");
        code.AppendLine($"    public const string {id}ExpandSql = {Lit(expand.Child.Sql)};");
        code.AppendLine($"    public static void {id}ExpandRow(Utf8JsonWriter w, SqliteDataReader r) {{ w.WriteStartObject(); {Writer(expand.Child)}(w, r); w.WriteEndObject(); }}");
    }
    code.AppendLine();
}

var output = new StringBuilder();
output.AppendLine("// <auto-generated>");
output.AppendLine("// Generated by bench/PlanDump from the sandbox's own V4RequestParser and ReadPlanner (bench/run.sh");
output.AppendLine("// regenerates it before every run). The SQL is the sandbox's SQL, verbatim; the row writers are");
output.AppendLine("// straight-line Utf8JsonWriter calls, one per column, with the value formats of V4JsonWriter.");
output.AppendLine("// </auto-generated>");
output.AppendLine("using System.Text.Encodings.Web;");
output.AppendLine("using System.Text.Json;");
output.AppendLine("using Microsoft.Data.Sqlite;");
output.AppendLine();
output.AppendLine("namespace LimitServer;");
output.AppendLine();
output.AppendLine($"static class {className}");
output.AppendLine("{");
output.AppendLine("    static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;");
output.AppendLine($"    public const string MetadataETag = {Lit(service.MetadataETag)};");
output.AppendLine($"    /// <summary>The sandbox's flush threshold (JsonPipeFlusher.Threshold): the pipe is flushed after this many bytes.</summary>");
output.AppendLine($"    public const int FlushThreshold = {FlushThreshold()};");
output.AppendLine();
output.Append(code);
foreach (var name in names)
    output.AppendLine($"    static readonly JsonEncodedText {Ident(name)} = JsonEncodedText.Encode({Lit(name)}, Encoder);");
output.AppendLine();
output.Append(writerMethods);
output.AppendLine("}");

Console.Write(text);
if (plansPath != null) File.WriteAllText(plansPath, text.ToString());
if (generatedPath != null)
{
    var generated = output.ToString().Replace("\r\n", "\n");
    if (!File.Exists(generatedPath) || File.ReadAllText(generatedPath) != generated)
    {
        File.WriteAllText(generatedPath, generated);
        Console.Error.WriteLine($"PlanDump: wrote {generatedPath}");
    }
}
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(options, name);
    return i >= 0 && i + 1 < options.Length ? options[i + 1] : null;
}

// The sandbox's JSON writers flush the response pipe every JsonPipeFlusher.Threshold bytes; the limit server flushes alike.
static int FlushThreshold() => SapSandbox.Protocols.Http.JsonPipeFlusher.Threshold;

string ContextUrl(string resourcePath, ReadPlan plan)
{
    if (contextUrlMethod != null) return (string)contextUrlMethod.Invoke(null, [resourcePath, plan])!;
    // Fallback if V4Endpoint is refactored: the same rule for the shapes benchmarked here.
    var select = plan.Expands.Count == 0 ? "" : "(" + string.Join(",", plan.Expands.Select(e => e.Name + "()")) + ")";
    return "$metadata#" + plan.Table.Name + select + (plan.Shape == ResultShape.Entity ? "/$entity" : "");
}

// The properties of one row (with its @odata.etag), in the order V4JsonWriter writes them; the braces are the caller's.
string Writer(ReadPlan plan)
{
    var body = new StringBuilder();
    body.AppendLine("    {");
    if (plan.ETagOrdinal >= 0)
        body.AppendLine($"        if (!r.IsDBNull({plan.ETagOrdinal})) {{ w.WritePropertyName({Name("@odata.etag")}); Values.WriteETag(w, r.GetString({plan.ETagOrdinal})); }}");
    foreach (var property in plan.Selected) Property(body, plan, property, "        ");
    body.AppendLine("    }");
    var key = body.ToString();
    if (writers.TryGetValue(key, out var existing)) return existing;
    var method = $"Write{plan.Table.Name}Properties{writers.Count}";
    writers[key] = method;
    writerMethods.AppendLine($"    static void {method}(Utf8JsonWriter w, SqliteDataReader r)");
    writerMethods.Append(key);
    writerMethods.AppendLine();
    return method;
}

void Property(StringBuilder body, ReadPlan plan, PropertyNode node, string indent)
{
    body.AppendLine($"{indent}w.WritePropertyName({Name(node.Name)});");
    if (node.IsComplex)
    {
        body.AppendLine($"{indent}w.WriteStartObject();");
        foreach (var child in node.Children) Property(body, plan, child, indent);
        body.AppendLine($"{indent}w.WriteEndObject();");
        return;
    }
    var column = node.Column!;
    var i = plan.Ordinal(column);
    if (i < 0)
    {
        body.AppendLine($"{indent}w.WriteNullValue();");
        return;
    }
    var precision = Math.Clamp(column.Precision ?? 0, 0, 7);
    var write = column.Kind switch
    {
        ValueKind.String or ValueKind.Date or ValueKind.Guid => $"w.WriteStringValue(r.GetString({i}));",
        ValueKind.Boolean => $"w.WriteBooleanValue(r.GetInt64({i}) != 0);",
        ValueKind.Int32 or ValueKind.Int64 => $"w.WriteNumberValue(r.GetInt64({i}));",
        ValueKind.Decimal or ValueKind.Json => $"w.WriteRawValue(r.GetString({i}), skipInputValidation: true);",
        ValueKind.Double or ValueKind.Single => $"w.WriteNumberValue(r.GetDouble({i}));",
        ValueKind.DateTimeOffset when precision == 7 => $"w.WriteStringValue(r.GetString({i}));",
        ValueKind.DateTimeOffset => $"Values.WriteTemporal(w, r.GetString({i}), 19, {precision}, 'Z');",
        ValueKind.TimeOfDay when precision == 7 => $"w.WriteStringValue(r.GetString({i}));",
        ValueKind.TimeOfDay => $"Values.WriteTemporal(w, r.GetString({i}), 8, {precision}, null);",
        _ => throw new NotSupportedException($"{column.Path}: {column.Kind} is not used by the benchmark entities"),
    };
    body.AppendLine(column.Nullable
        ? $"{indent}if (r.IsDBNull({i})) w.WriteNullValue(); else {write}"
        : $"{indent}{write}");
}

string Name(string name)
{
    names.Add(name);
    return Ident(name);
}

static string Ident(string name) => "N_" + new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

static string Lit(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

static string Params(IReadOnlyList<object?> parameters) =>
    parameters.Count == 0 ? "(none)" : string.Join(", ", parameters.Select((p, i) => $"$p{i}={Show(p)}"));

static string Show(object? value) => value switch
{
    null => "NULL",
    string s => $"'{s}' (TEXT)",
    _ => $"{Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
};

static string ParamsCode(IReadOnlyList<object?> parameters) =>
    "[" + string.Join(", ", parameters.Select(p => p switch
    {
        string s => Lit(s),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        _ => throw new NotSupportedException($"parameter of type {p?.GetType().Name ?? "null"}"),
    })) + "]";

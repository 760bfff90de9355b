using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>Content a client sent that the tenant cannot take: not a zip, a manifest without a version, a broken model.</summary>
public sealed class BundleException(string message) : Exception(message);

/// <summary>An externalised parameter of a bundle: its value (parameters.prop) and its declaration (parameters.propdef).</summary>
public sealed record BundleParameter(string Key, string Value, string DataType, string? Description);

/// <summary>A file of a bundle that the API lists as a resource (a script, a mapping, a schema).</summary>
public sealed record BundleResource(string Name, string ResourceType, string Path, long Size);

/// <summary>A sender channel that makes a deployed flow callable: its adapter, the address it listens on, and the protocol the tenant lists it under.</summary>
public sealed record SenderEndpoint(string Adapter, string Address, string Protocol, string UrlPath);

/// <summary>
/// The content of a design-time artifact as the tenant keeps it: an OSGi bundle in a zip (<c>META-INF/MANIFEST.MF</c>
/// with the bundle's name, symbolic name, version and SAP bundle type; for an integration flow the BPMN model under
/// <c>src/main/resources/scenarioflows/integrationflow/</c>, the externalised parameters in <c>parameters.prop</c> and
/// <c>parameters.propdef</c>, and resources in folders by kind). Entries keep their order, and a zip written from
/// the same entries is the same bytes, so content built in code is deterministic.
/// </summary>
public sealed class ArtifactBundle
{
    public const string ManifestPath = "META-INF/MANIFEST.MF";
    public const string ParametersPath = "src/main/resources/parameters.prop";
    public const string DefinitionsPath = "src/main/resources/parameters.propdef";
    public const string FlowFolder = "src/main/resources/scenarioflows/integrationflow/";
    public const string ValueMappingPath = "value_mapping.xml";
    public const string BpmnNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>Zip entries carry this time, so that the same content is the same bytes.</summary>
    static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    readonly List<KeyValuePair<string, byte[]>> _entries = [];

    public IEnumerable<string> Paths => _entries.Select(e => e.Key);

    /// <summary>A zip's files in their order, folders left out; <paramref name="content"/> names the zip in the error.</summary>
    public static ArtifactBundle Read(byte[] zip, string content = "artifact content")
    {
        var bundle = new ArtifactBundle();
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                bundle.Put(entry.FullName.Replace('\\', '/'), buffer.ToArray());
            }
        }
        catch (InvalidDataException e)
        {
            throw new BundleException($"The {content} is not a valid ZIP archive: {e.Message}");
        }
        return bundle;
    }

    public byte[] ToZip()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, bytes) in _entries)
            {
                var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        return output.ToArray();
    }

    public ArtifactBundle Copy()
    {
        var copy = new ArtifactBundle();
        foreach (var (path, bytes) in _entries) copy.Put(path, bytes);
        return copy;
    }

    public byte[]? File(string path) => _entries.FirstOrDefault(e => e.Key == path).Value;

    public string? Text(string path) => File(path) is { } bytes ? Decode(bytes) : null;

    public void Put(string path, byte[] bytes)
    {
        var at = _entries.FindIndex(e => e.Key == path);
        if (at >= 0) _entries[at] = new(path, bytes);
        else _entries.Add(new(path, bytes));
    }

    public void Put(string path, string text) => Put(path, Encoding.UTF8.GetBytes(text));

    public bool Remove(string path) => _entries.RemoveAll(e => e.Key == path) > 0;

    static string Decode(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes);

    // ---- Manifest -------------------------------------------------------------------------------------------

    /// <summary>The manifest's main headers, continuation lines joined; empty when there is no manifest.</summary>
    public List<KeyValuePair<string, string>> ManifestHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (Text(ManifestPath) is not { } text) return headers;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.StartsWith(' ') && headers.Count > 0)
            {
                headers[^1] = new(headers[^1].Key, headers[^1].Value + raw[1..]);
                continue;
            }
            var colon = raw.IndexOf(':');
            if (colon > 0) headers.Add(new(raw[..colon].Trim(), raw[(colon + 1)..].Trim()));
        }
        return headers;
    }

    public string? Header(string name) => ManifestHeaders().FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Sets a manifest header (adding it at the end when it is new) and writes the manifest back in 72-byte lines.</summary>
    public void SetHeader(string name, string value)
    {
        var headers = ManifestHeaders();
        var at = headers.FindIndex(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (at >= 0) headers[at] = new(headers[at].Key, value);
        else headers.Add(new(name, value));
        var text = new StringBuilder();
        foreach (var (key, headerValue) in headers)
        {
            // Manifest lines hold at most 72 bytes; longer ones continue on lines that start with a space.
            var line = key + ": " + headerValue;
            text.Append(line.Length <= 72 ? line : line[..72]).Append("\r\n");
            for (var i = 72; i < line.Length; i += 71) text.Append(' ').Append(line.Substring(i, Math.Min(71, line.Length - i))).Append("\r\n");
        }
        text.Append("\r\n");
        Put(ManifestPath, text.ToString());
    }

    /// <summary>The symbolic name without its directives (<c>Flow_1; singleton:=true</c> is <c>Flow_1</c>).</summary>
    public string? SymbolicName => Header("Bundle-SymbolicName")?.Split(';')[0].Trim();
    public string? Version => Header("Bundle-Version");
    public string? Name => Header("Bundle-Name");
    public string? BundleType => Header("SAP-BundleType");

    public void SetIdentity(string id, string name, string version)
    {
        SetHeader("Bundle-Name", name);
        SetHeader("Bundle-SymbolicName", id + "; singleton:=true");
        SetHeader("Bundle-Version", version);
    }

    /// <summary>OSGi's version syntax: major[.minor[.micro[.qualifier]]].</summary>
    public static bool IsVersion(string? version)
    {
        if (string.IsNullOrEmpty(version)) return false;
        var parts = version.Split('.');
        if (parts.Length > 4) return false;
        for (var i = 0; i < Math.Min(parts.Length, 3); i++)
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)) return false;
        return parts.Length < 4 || (parts[3].Length > 0 && parts[3].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'));
    }

    // ---- Externalised parameters ----------------------------------------------------------------------------

    /// <summary>
    /// The configurable parameters: those parameters.propdef declares (with their type and description), with their
    /// values from parameters.prop; a parameter only parameters.prop names is an <c>xsd:string</c>.
    /// </summary>
    public IReadOnlyList<BundleParameter> Parameters()
    {
        var values = ReadProperties(Text(ParametersPath));
        var declared = Declarations();
        var result = new List<BundleParameter>();
        foreach (var (key, type, description) in declared)
            result.Add(new BundleParameter(key, values.FirstOrDefault(v => v.Key == key).Value ?? "", type, description));
        foreach (var (key, value) in values)
            if (!declared.Any(d => d.Key == key)) result.Add(new BundleParameter(key, value, "xsd:string", null));
        return result;
    }

    List<(string Key, string Type, string? Description)> Declarations()
    {
        var result = new List<(string, string, string?)>();
        if (Text(DefinitionsPath) is not { } text) return result;
        XDocument document;
        try { document = XDocument.Parse(text); }
        catch (XmlException) { return result; }
        foreach (var parameter in document.Root!.Elements().Where(e => e.Name.LocalName == "parameter"))
        {
            var key = Child(parameter, "key") ?? Child(parameter, "name");
            if (string.IsNullOrEmpty(key)) continue;
            result.Add((key, Child(parameter, "type") is { Length: > 0 } type ? type : "xsd:string", Child(parameter, "description") is { Length: > 0 } d ? d : null));
        }
        return result;
    }

    static string? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>Sets a parameter's value in parameters.prop (and its type in parameters.propdef when given and declared).</summary>
    public void SetParameter(string key, string value, string? dataType = null)
    {
        var values = ReadProperties(Text(ParametersPath));
        var at = values.FindIndex(v => v.Key == key);
        if (at >= 0) values[at] = new(key, value);
        else values.Add(new(key, value));
        Put(ParametersPath, WriteProperties(values));
        if (dataType == null || Text(DefinitionsPath) is not { } text) return;
        try
        {
            var document = XDocument.Parse(text);
            var parameter = document.Root!.Elements().FirstOrDefault(e => e.Name.LocalName == "parameter" && (Child(e, "key") ?? Child(e, "name")) == key);
            var type = parameter?.Elements().FirstOrDefault(e => e.Name.LocalName == "type");
            if (type == null) return;
            type.Value = dataType;
            Put(DefinitionsPath, document.Declaration + document.ToString(SaveOptions.DisableFormatting));
        }
        catch (XmlException) { }
    }

    /// <summary>Java's properties format: <c>key=value</c> lines, <c>#</c> comments, backslash escapes and continuations.</summary>
    public static List<KeyValuePair<string, string>> ReadProperties(string? text)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (text == null) return result;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            while (EndsWithContinuation(line) && i + 1 < lines.Length) line = line[..^1] + lines[++i].TrimStart();
            var split = -1;
            for (var j = 0; j < line.Length; j++)
            {
                if (line[j] == '\\') { j++; continue; }
                if (line[j] is '=' or ':') { split = j; break; }
            }
            var key = split < 0 ? line : line[..split];
            var value = split < 0 ? "" : line[(split + 1)..].TrimStart();
            result.Add(new(Unescape(key.TrimEnd()), Unescape(value)));
        }
        return result;
    }

    static bool EndsWithContinuation(string line)
    {
        var slashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--) slashes++;
        return slashes % 2 == 1;
    }

    static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length) { result.Append(text[i]); continue; }
            var next = text[++i];
            switch (next)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(next); break;
            }
        }
        return result.ToString();
    }

    public static string WriteProperties(IEnumerable<KeyValuePair<string, string>> values)
    {
        var text = new StringBuilder("#Store keys and default values of the parameters\n");
        foreach (var (key, value) in values) text.Append(Escape(key, isKey: true)).Append('=').Append(Escape(value, isKey: false)).Append('\n');
        return text.ToString();
    }

    static string Escape(string text, bool isKey)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                case '=' or ':' or '#' or '!': result.Append('\\').Append(c); break;
                case ' ' when isKey || i == 0: result.Append("\\ "); break;
                default:
                    if (c > 0x7e) result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else result.Append(c);
                    break;
            }
        }
        return result.ToString();
    }

    // ---- Resources ------------------------------------------------------------------------------------------

    /// <summary>Where a resource of each type lives in a bundle, and the file endings each folder's types have.</summary>
    static readonly (string Type, string Folder, string[] Endings)[] ResourceFolders =
    [
        ("groovy", "src/main/resources/script/", [".groovy", ".gsh", ".gy"]),
        ("js", "src/main/resources/script/", [".js"]),
        ("xslt", "src/main/resources/mapping/", [".xsl", ".xslt"]),
        ("mmap", "src/main/resources/mapping/", [".mmap"]),
        ("opmap", "src/main/resources/mapping/", [".opmap"]),
        ("wsdl", "src/main/resources/wsdl/", [".wsdl"]),
        ("xsd", "src/main/resources/xsd/", [".xsd"]),
        ("edmx", "src/main/resources/edmx/", [".edmx"]),
        ("jar", "src/main/resources/lib/", [".jar"]),
    ];

    public static readonly IReadOnlyList<string> ResourceTypes = ResourceFolders.Select(f => f.Type).ToList();

    /// <summary>The bundle path of a resource, or null for a type the API does not know.</summary>
    public static string? ResourcePath(string name, string resourceType)
    {
        var folder = ResourceFolders.FirstOrDefault(f => f.Type == resourceType).Folder;
        return folder == null ? null : folder + name;
    }

    public IReadOnlyList<BundleResource> Resources()
    {
        var result = new List<BundleResource>();
        foreach (var (path, bytes) in _entries)
        {
            var slash = path.LastIndexOf('/');
            var folder = path[..(slash + 1)];
            var name = path[(slash + 1)..];
            foreach (var (type, typeFolder, endings) in ResourceFolders)
                if (folder == typeFolder && endings.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    result.Add(new BundleResource(name, type, path, bytes.Length));
                    break;
                }
        }
        return result;
    }

    // ---- Integration flow model -----------------------------------------------------------------------------

    public IReadOnlyList<string> FlowModels() =>
        _entries.Select(e => e.Key).Where(p => p.StartsWith(FlowFolder, StringComparison.Ordinal) && p.EndsWith(".iflw", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The flow's BPMN model, or null when it has none or it does not parse.</summary>
    XDocument? FlowModel()
    {
        var models = FlowModels();
        if (models.Count != 1) return null;
        try { return XDocument.Parse(Text(models[0])!); }
        catch (XmlException) { return null; }
    }

    /// <summary>The names of the flow's sender and receiver systems (participants of the collaboration), comma-separated.</summary>
    public (string Senders, string Receivers) Systems()
    {
        if (FlowModel() is not { } model) return ("", "");
        var participants = model.Descendants(XName.Get("participant", BpmnNamespace)).ToList();
        string Names(string type) => string.Join(",", participants
            .Where(p => p.Attributes().Any(a => a.Name.LocalName == "type" && a.Value == type))
            .Select(p => (string?)p.Attribute("name")).Where(n => !string.IsNullOrEmpty(n)).Distinct());
        // "EndpointRecevier" is how the tenant's modeller spells the receiver participant.
        return (Names("EndpointSender"), Names("EndpointRecevier"));
    }

    /// <summary>
    /// The sender channels a deployed flow listens on, with their externalised parameters (<c>{{key}}</c>) resolved:
    /// HTTPS (<c>/http</c> + URL path, listed as REST), SOAP, IDoc and XI (<c>/cxf</c> + address, listed as SOAP),
    /// AS2 (<c>/as2/as2</c> + address) and the OData sender (<c>/gw/odata</c> + address, ODATAV2).
    /// </summary>
    public IReadOnlyList<SenderEndpoint> Senders()
    {
        if (FlowModel() is not { } model) return [];
        var parameters = Parameters().ToDictionary(p => p.Key, p => p.Value);
        var result = new List<SenderEndpoint>();
        foreach (var flow in model.Descendants(XName.Get("messageFlow", BpmnNamespace)))
        {
            var properties = Properties(flow);
            if (!string.Equals(properties.GetValueOrDefault("direction"), "Sender", StringComparison.OrdinalIgnoreCase)) continue;
            var adapter = properties.GetValueOrDefault("ComponentType") ?? "";
            var (protocol, prefix, addressKey) = adapter switch
            {
                "HTTPS" => ("REST", "/http", "urlPath"),
                "SOAP" or "IDoc" or "XI" => ("SOAP", "/cxf", "address"),
                "AS2" => ("AS2", "/as2/as2", "address"),
                "HCIOData" or "OData" => ("ODATAV2", "/gw/odata", "address"),
                _ => ((string?)null, "", ""),
            };
            if (protocol == null) continue;
            var address = Resolve(properties.GetValueOrDefault(addressKey) ?? properties.GetValueOrDefault("address") ?? "", parameters);
            if (address.Length == 0) continue;
            if (!address.StartsWith('/')) address = "/" + address;
            result.Add(new SenderEndpoint(adapter, address, protocol, prefix + address));
        }
        return result;
    }

    static Dictionary<string, string> Properties(XElement element)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var extension = element.Elements().FirstOrDefault(e => e.Name.LocalName == "extensionElements");
        if (extension == null) return result;
        foreach (var property in extension.Elements().Where(e => e.Name.LocalName == "property"))
            if (Child(property, "key") is { Length: > 0 } key) result[key] = Child(property, "value") ?? "";
        return result;
    }

    static string Resolve(string text, IReadOnlyDictionary<string, string> parameters) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\{\{([^{}]+)\}\}", m => parameters.GetValueOrDefault(m.Groups[1].Value) ?? m.Value);

    /// <summary>The parameters the flow's model refers to as <c>{{key}}</c>.</summary>
    IEnumerable<string> References()
    {
        var models = FlowModels();
        if (models.Count != 1) return [];
        return System.Text.RegularExpressions.Regex.Matches(Text(models[0])!, @"\{\{([^{}]+)\}\}").Select(m => m.Groups[1].Value).Distinct();
    }

    // ---- Validation -----------------------------------------------------------------------------------------

    /// <summary>
    /// What keeps the bundle from building as an artifact of <paramref name="type"/>, as the tenant's build reports it;
    /// null when it builds. Checks the manifest (symbolic name, version, bundle type), for a flow its one BPMN model
    /// (well-formed, a <c>bpmn2:definitions</c> root, an integration process) and its parameters (declarations that
    /// parse, a value for every parameter the model refers to), for a value mapping its <c>value_mapping.xml</c>, for
    /// a message mapping its <c>.mmap</c>.
    /// </summary>
    public string? Problem(ArtifactType type)
    {
        if (File(ManifestPath) == null) return "The bundle has no manifest (META-INF/MANIFEST.MF)";
        if (string.IsNullOrEmpty(SymbolicName)) return "The manifest META-INF/MANIFEST.MF has no Bundle-SymbolicName header";
        if (!IsVersion(Version)) return $"The manifest's Bundle-Version '{Version}' is not a valid version (major.minor.micro)";
        if (BundleType is { Length: > 0 } bundleType && !bundleType.Equals(type.BundleType, StringComparison.OrdinalIgnoreCase))
            return $"The bundle is of type {bundleType}, not {type.BundleType}";
        return type.BundleType switch
        {
            "IntegrationFlow" => FlowProblem(),
            "ValueMapping" => XmlProblem(ValueMappingPath, "value mapping"),
            "MessageMapping" => _entries.Any(e => e.Key.EndsWith(".mmap", StringComparison.OrdinalIgnoreCase)) ? null
                : "The message mapping has no mapping (.mmap) under src/main/resources/mapping",
            _ => null,
        };
    }

    string? XmlProblem(string path, string what)
    {
        if (Text(path) is not { } text) return $"The {what} has no {path}";
        try { XDocument.Parse(text); }
        catch (XmlException e) { return $"{path} is not well-formed XML: {e.Message}"; }
        return null;
    }

    string? FlowProblem()
    {
        var models = FlowModels();
        if (models.Count == 0) return $"The bundle has no integration flow model (.iflw) in {FlowFolder.TrimEnd('/')}";
        if (models.Count > 1) return $"The bundle has {models.Count} integration flow models in {FlowFolder.TrimEnd('/')}; an integration flow has one";
        var file = models[0][(models[0].LastIndexOf('/') + 1)..];
        XDocument model;
        try { model = XDocument.Parse(Text(models[0])!); }
        catch (XmlException e) { return $"The integration flow model {file} is not well-formed XML: {e.Message}"; }
        if (model.Root!.Name != XName.Get("definitions", BpmnNamespace))
            return $"The integration flow model {file} has the root element {model.Root.Name.LocalName} in '{model.Root.Name.NamespaceName}'; expected bpmn2:definitions in {BpmnNamespace}";
        if (!model.Root.Elements(XName.Get("process", BpmnNamespace)).Any())
            return $"The integration flow model {file} has no integration process (bpmn2:process)";
        if (Text(DefinitionsPath) is { } definitions)
        {
            try { XDocument.Parse(definitions); }
            catch (XmlException e) { return $"{DefinitionsPath} is not well-formed XML: {e.Message}"; }
        }
        var values = Parameters().ToDictionary(p => p.Key, p => p.Value);
        foreach (var reference in References())
            if (!values.TryGetValue(reference, out var value) || value.Length == 0)
                return $"The externalized parameter '{reference}' used in {file} has no value; configure it before deploying";
        return null;
    }
}

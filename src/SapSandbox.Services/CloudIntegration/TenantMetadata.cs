using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace SapSandbox.Services.CloudIntegration;

/// <summary>
/// The <c>$metadata</c> of a Cloud Integration tenant's <c>/api/v1</c>, built from the normalised capture of a live
/// Cloud Foundry tenant (<c>cloud-integration.json</c>, kept beside this file as data: 131 entity sets, 35 function
/// imports). The tenant's EDMX itself was never published; this writes the EDMX 1.0 document that capture
/// describes: entity types with their base types, keys, facets and media flag, associations with their sets,
/// and function imports with their HTTP methods.
/// </summary>
public static class TenantMetadata
{
    public const string Namespace = "com.sap.hci.api";
    static readonly XNamespace Edmx = "http://schemas.microsoft.com/ado/2007/06/edmx";
    static readonly XNamespace Edm = "http://schemas.microsoft.com/ado/2008/09/edm";
    static readonly XNamespace M = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    static readonly XNamespace Sap = "http://www.sap.com/Protocols/SAPData";

    public static string File => Path.Combine(AppContext.BaseDirectory, "CloudIntegration", "cloud-integration.json");

    public static byte[] Build(string jsonPath)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllBytes(jsonPath));
        var root = json.RootElement;
        var schema = new XElement(Edm + "Schema", new XAttribute("Namespace", Namespace), new XAttribute(XNamespace.Xml + "lang", "en"));

        foreach (var type in root.GetProperty("entityTypes").EnumerateArray())
        {
            var element = new XElement(Edm + "EntityType", new XAttribute("Name", Local(type.GetProperty("name").GetString()!)));
            if (type.TryGetProperty("baseType", out var baseType)) element.Add(new XAttribute("BaseType", baseType.GetString()!));
            if (type.TryGetProperty("abstract", out var isAbstract) && isAbstract.GetBoolean()) element.Add(new XAttribute("Abstract", "true"));
            if (type.TryGetProperty("hasStream", out var stream) && stream.GetBoolean()) element.Add(new XAttribute(M + "HasStream", "true"));
            if (type.TryGetProperty("key", out var key))
                element.Add(new XElement(Edm + "Key", key.EnumerateArray().Select(k => new XElement(Edm + "PropertyRef", new XAttribute("Name", k.GetString()!)))));
            foreach (var property in Array(type, "properties")) element.Add(Property(property));
            foreach (var navigation in Array(type, "navigationProperties"))
                element.Add(new XElement(Edm + "NavigationProperty",
                    new XAttribute("Name", navigation.GetProperty("name").GetString()!),
                    new XAttribute("Relationship", navigation.GetProperty("relationship").GetString()!),
                    new XAttribute("FromRole", navigation.GetProperty("fromRole").GetString()!),
                    new XAttribute("ToRole", navigation.GetProperty("toRole").GetString()!)));
            schema.Add(element);
        }
        foreach (var type in root.GetProperty("complexTypes").EnumerateArray())
            schema.Add(new XElement(Edm + "ComplexType", new XAttribute("Name", Local(type.GetProperty("name").GetString()!)),
                Array(type, "properties").Select(Property)));
        // Neo's certificate-to-user mappings, documented by the API and honoured by the sandbox's X.509 sign-in, are not in the CF capture.
        schema.Add(SecurityContent.NeoSets.EntityTypes(Edm));

        // Each type's base type, by qualified name: association ends are matched against sets through it.
        var baseTypes = root.GetProperty("entityTypes").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.TryGetProperty("baseType", out var b) ? b.GetString() : null);
        var sets = root.GetProperty("entitySets").EnumerateArray()
            .Select(s => (Name: s.GetProperty("name").GetString()!, Type: s.GetProperty("entityType").GetString()!)).ToList();
        var container = new XElement(Edm + "EntityContainer", new XAttribute("Name", "DefaultContainer"), new XAttribute(M + "IsDefaultEntityContainer", "true"));
        foreach (var (name, type) in sets)
            container.Add(new XElement(Edm + "EntitySet", new XAttribute("Name", name), new XAttribute("EntityType", type)));
        container.Add(SecurityContent.NeoSets.EntitySets(Edm, Namespace));

        foreach (var association in root.GetProperty("associations").EnumerateArray())
        {
            var name = association.GetProperty("name").GetString()!;
            var ends = association.GetProperty("ends").EnumerateArray()
                .Select(e => (Role: e.GetProperty("role").GetString()!, Type: e.GetProperty("type").GetString()!, Multiplicity: e.GetProperty("multiplicity").GetString()!)).ToList();
            schema.Add(new XElement(Edm + "Association", new XAttribute("Name", Local(name)),
                ends.Select(e => new XElement(Edm + "End", new XAttribute("Type", e.Type), new XAttribute("Multiplicity", e.Multiplicity), new XAttribute("Role", e.Role)))));
            // An association set needs one entity set per end; an end type served by several sets is left unbound.
            var endSets = ends.Select(e => sets.Where(s => s.Type == e.Type || Derives(baseTypes, s.Type, e.Type)).Select(s => s.Name).ToList()).ToList();
            if (endSets.All(s => s.Count == 1))
                container.Add(new XElement(Edm + "AssociationSet", new XAttribute("Name", Local(name) + "Set"), new XAttribute("Association", name),
                    ends.Select((e, i) => new XElement(Edm + "End", new XAttribute("EntitySet", endSets[i][0]), new XAttribute("Role", e.Role)))));
        }

        foreach (var operation in root.GetProperty("operations").EnumerateArray())
        {
            var import = new XElement(Edm + "FunctionImport", new XAttribute("Name", operation.GetProperty("name").GetString()!));
            if (operation.TryGetProperty("returnType", out var returnType) && returnType.GetString() is { Length: > 0 } type)
                import.Add(new XAttribute("ReturnType", type));
            if (operation.TryGetProperty("entitySet", out var entitySet)) import.Add(new XAttribute("EntitySet", entitySet.GetString()!));
            import.Add(new XAttribute(M + "HttpMethod", operation.GetProperty("httpMethod").GetString()!));
            foreach (var parameter in Array(operation, "parameters"))
            {
                var element = new XElement(Edm + "Parameter", new XAttribute("Name", parameter.GetProperty("name").GetString()!),
                    new XAttribute("Type", parameter.GetProperty("type").GetString()!), new XAttribute("Mode", "In"));
                if (parameter.TryGetProperty("nullable", out var nullable) && !nullable.GetBoolean()) element.Add(new XAttribute("Nullable", "false"));
                import.Add(element);
            }
            container.Add(import);
        }
        schema.Add(container);

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Edmx + "Edmx", new XAttribute("Version", "1.0"),
                new XAttribute(XNamespace.Xmlns + "edmx", Edmx), new XAttribute(XNamespace.Xmlns + "m", M), new XAttribute(XNamespace.Xmlns + "sap", Sap),
                new XElement(Edmx + "DataServices", new XAttribute(M + "DataServiceVersion", "2.0"), schema)));
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            document.Save(writer);
        return output.ToArray();
    }

    static XElement Property(JsonElement property)
    {
        var element = new XElement(Edm + "Property", new XAttribute("Name", property.GetProperty("name").GetString()!),
            new XAttribute("Type", property.GetProperty("type").GetString()!));
        if (property.TryGetProperty("nullable", out var nullable)) element.Add(new XAttribute("Nullable", nullable.GetBoolean() ? "true" : "false"));
        if (property.TryGetProperty("maxLength", out var maxLength)) element.Add(new XAttribute("MaxLength", maxLength.ToString()));
        return element;
    }

    static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    static string Local(string qualified) => qualified[(qualified.LastIndexOf('.') + 1)..];

    static bool Derives(Dictionary<string, string?> baseTypes, string type, string ancestor)
    {
        for (var current = baseTypes.GetValueOrDefault(type); current != null; current = baseTypes.GetValueOrDefault(current))
            if (current == ancestor) return true;
        return false;
    }
}

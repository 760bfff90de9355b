using System.Xml;
using System.Xml.Linq;
using static SapSandbox.Core.Model.EdmNamespaces;

namespace SapSandbox.Core.Model;

/// <summary>
/// Rewrites an EDMX 1.0 (OData V2) document as OASIS CSDL 4.0 so that <c>CsdlReader</c> builds the one
/// <c>IEdmModel</c> both protocols share. Associations become navigation properties with partners and
/// bindings, function imports become functions or actions, V2-only types are mapped, and every
/// <c>sap:</c> attribute is kept (CsdlReader turns them into direct annotations the runtime reads).
/// </summary>
/// <remarks>
/// Microsoft.OData.Edm 7+ no longer reads EDMX 1.0, and SAP documents mix V2 and V4 elements
/// (SAP's own test service declares V4 enums and actions in V2 namespaces), so this is a tolerant
/// element-by-element rewrite rather than a schema-validating reader.
/// </remarks>
public sealed class V2EdmxConverter(string fileName, XDocument source, ICollection<string> warnings)
{
    readonly Dictionary<string, XElement> _associations = new(StringComparer.Ordinal);
    readonly Dictionary<string, XElement> _entityTypes = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    readonly List<(string Set, string Type, List<string> Properties)> _concurrency = [];
    string _containerQualifiedName = "";

    public XDocument Convert()
    {
        var root = source.Root!;
        var dataServices = root.Element(EdmxV2 + "DataServices") ?? root.Element(EdmxV4 + "DataServices")
            ?? throw Error(root, "the document has no edmx:DataServices element");
        var schemas = dataServices.Elements().Where(e => IsV2Edm(e.Name.Namespace) && e.Name.LocalName == "Schema").ToList();
        if (schemas.Count == 0) throw Error(dataServices, "the document has no Schema element");
        Index(schemas);

        var edmx = new XElement(EdmxV4 + "Edmx", new XAttribute("Version", "4.0"),
            new XAttribute(XNamespace.Xmlns + "edmx", EdmxV4.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "sap", Sap.NamespaceName));
        foreach (var reference in root.Elements().Where(e => e.Name.LocalName == "Reference"))
            edmx.Add(Rename(reference, EdmxV4));
        var ds = new XElement(EdmxV4 + "DataServices");
        foreach (var schema in schemas) ds.Add(ConvertSchema(schema));
        edmx.Add(ds);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), edmx);
    }

    void Index(List<XElement> schemas)
    {
        foreach (var schema in schemas)
        {
            var ns = (string?)schema.Attribute("Namespace") ?? throw Error(schema, "Schema without Namespace");
            var alias = (string?)schema.Attribute("Alias");
            if (alias != null) _aliases[alias] = ns;
            foreach (var a in schema.Elements(schema.Name.Namespace + "Association"))
                _associations[ns + "." + (string)a.Attribute("Name")!] = a;
            foreach (var t in schema.Elements(schema.Name.Namespace + "EntityType"))
                _entityTypes[ns + "." + (string)t.Attribute("Name")!] = t;
            var container = schema.Element(schema.Name.Namespace + "EntityContainer");
            if (container != null) _containerQualifiedName = ns + "." + (string)container.Attribute("Name")!;
        }
    }

    string Qualify(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot > 0 && _aliases.TryGetValue(name[..dot], out var ns)) return ns + name[dot..];
        return name;
    }

    XElement ConvertSchema(XElement schema)
    {
        var ns = (string)schema.Attribute("Namespace")!;
        var result = new XElement(EdmV4 + "Schema", new XAttribute("Namespace", ns));
        if (schema.Attribute("Alias") is { } alias) result.Add(new XAttribute("Alias", alias.Value));
        var operations = new List<XElement>();
        XElement? container = null;
        foreach (var element in schema.Elements())
        {
            if (!IsV2Edm(element.Name.Namespace))
            {
                // V4 vocabulary annotations that SAP embeds in V2 documents are already OASIS CSDL.
                if (element.Name.Namespace == EdmV4) result.Add(new XElement(element));
                continue;
            }
            switch (element.Name.LocalName)
            {
                case "EntityType":
                case "ComplexType":
                    result.Add(ConvertStructuredType(element, ns));
                    break;
                case "Association":
                    break;
                case "EntityContainer":
                    container = ConvertContainer(element, ns, operations);
                    break;
                default:
                    // EnumType, Function, Action, TypeDefinition, Term: V4 content under a V2 namespace.
                    var renamed = Rename(element, EdmV4);
                    DropUnknownTypes(renamed, element);
                    result.Add(renamed);
                    break;
            }
        }
        result.Add(operations);
        if (container != null) result.Add(container);
        if (_concurrency.Count > 0 && container != null) result.Add(ConcurrencyAnnotations());
        return result;
    }

    XElement ConvertStructuredType(XElement type, string ns)
    {
        var result = new XElement(EdmV4 + type.Name.LocalName);
        foreach (var attribute in type.Attributes())
        {
            if (attribute.IsNamespaceDeclaration) continue;
            if (attribute.Name == MetadataV2 + "HasStream") result.Add(new XAttribute("HasStream", attribute.Value));
            else if (attribute.Name.Namespace == XNamespace.None || attribute.Name.Namespace == Sap) result.Add(new XAttribute(attribute));
        }
        var typeName = ns + "." + (string)type.Attribute("Name")!;
        foreach (var child in type.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "Key":
                    result.Add(Rename(child, EdmV4));
                    break;
                case "Property":
                    if (ConvertProperty(child, typeName) is { } property) result.Add(property);
                    break;
                case "NavigationProperty":
                    if (ConvertNavigation(child) is { } navigation) result.Add(navigation);
                    break;
                default:
                    if (child.Name.Namespace == EdmV4) result.Add(new XElement(child));
                    break;
            }
        }
        return result;
    }

    XElement? ConvertProperty(XElement property, string declaringType)
    {
        var name = (string)property.Attribute("Name")!;
        var type = (string?)property.Attribute("Type") ?? throw Error(property, $"property '{name}' has no Type");
        var element = PrimitiveTypeNames.ElementType(type, out var isCollection);
        var displayFormat = (string?)property.Attribute(Sap + "display-format");
        string mapped;
        if (element.StartsWith("Edm.", StringComparison.Ordinal))
        {
            var v4 = PrimitiveTypeNames.V2ToV4(element, displayFormat);
            if (v4 == null)
            {
                warnings.Add($"{fileName}({Line(property)}): property '{name}' has unknown type '{type}' and is skipped");
                return null;
            }
            mapped = v4;
        }
        else mapped = Qualify(element);

        var result = new XElement(EdmV4 + "Property", new XAttribute("Name", name),
            new XAttribute("Type", isCollection ? $"Collection({mapped})" : mapped));
        foreach (var attribute in property.Attributes())
        {
            var local = attribute.Name.LocalName;
            if (attribute.Name.Namespace == Sap) { result.Add(new XAttribute(attribute)); continue; }
            if (attribute.Name.Namespace != XNamespace.None) continue;
            switch (local)
            {
                case "Nullable" or "MaxLength" or "Scale" or "DefaultValue" or "SRID":
                    result.Add(new XAttribute(local, attribute.Value));
                    break;
                case "Precision" when mapped is not "Edm.Date":
                    result.Add(new XAttribute(local, attribute.Value));
                    break;
                case "ConcurrencyMode" when attribute.Value == "Fixed":
                    NoteConcurrency(declaringType, name);
                    break;
            }
        }
        // The V2 type survives as a fact so the V2 protocol writes Edm.DateTime and Edm.Time as Gateway does.
        if (element != mapped && element.StartsWith("Edm.", StringComparison.Ordinal))
            result.Add(new XAttribute(Sap + "v2-type", element));
        return result;
    }

    void NoteConcurrency(string declaringType, string property)
    {
        foreach (var (_, type, properties) in _concurrency)
            if (type == declaringType) { properties.Add(property); return; }
        _concurrency.Add(("", declaringType, [property]));
    }

    XElement? ConvertNavigation(XElement navigation)
    {
        var name = (string)navigation.Attribute("Name")!;
        if (navigation.Attribute("Type") != null)
        {
            var v4 = Rename(navigation, EdmV4);
            return v4;
        }
        var relationship = Qualify((string?)navigation.Attribute("Relationship") ?? throw Error(navigation, $"navigation property '{name}' has no Relationship"));
        if (!_associations.TryGetValue(relationship, out var association))
            throw Error(navigation, $"navigation property '{name}' names association '{relationship}', which the document does not declare");
        var toRole = (string?)navigation.Attribute("ToRole");
        var fromRole = (string?)navigation.Attribute("FromRole");
        var ends = association.Elements(association.Name.Namespace + "End").ToList();
        var toEnd = ends.FirstOrDefault(e => (string?)e.Attribute("Role") == toRole)
            ?? throw Error(navigation, $"navigation property '{name}': association '{relationship}' has no end with role '{toRole}'");
        var targetType = Qualify((string)toEnd.Attribute("Type")!);
        var multiplicity = (string?)toEnd.Attribute("Multiplicity");
        var result = new XElement(EdmV4 + "NavigationProperty", new XAttribute("Name", name),
            new XAttribute("Type", multiplicity == "*" ? $"Collection({targetType})" : targetType));
        if (multiplicity == "1") result.Add(new XAttribute("Nullable", "false"));

        if (FindPartner(relationship, fromRole, toRole, targetType) is { } partner)
            result.Add(new XAttribute("Partner", partner));
        foreach (var attribute in navigation.Attributes().Where(a => a.Name.Namespace == Sap))
            result.Add(new XAttribute(attribute));
        if (multiplicity != "*") AddReferentialConstraint(result, association, fromRole);
        return result;
    }

    string? FindPartner(string relationship, string? fromRole, string? toRole, string targetType)
    {
        if (!_entityTypes.TryGetValue(targetType, out var target)) return null;
        foreach (var candidate in target.Elements(target.Name.Namespace + "NavigationProperty"))
        {
            if (candidate.Attribute("Relationship") is not { } rel || Qualify(rel.Value) != relationship) continue;
            if ((string?)candidate.Attribute("FromRole") == toRole && (string?)candidate.Attribute("ToRole") == fromRole)
                return (string)candidate.Attribute("Name")!;
        }
        return null;
    }

    /// <summary>V4 puts the constraint on the dependent's single-valued navigation only.</summary>
    static void AddReferentialConstraint(XElement navigation, XElement association, string? fromRole)
    {
        var constraint = association.Element(association.Name.Namespace + "ReferentialConstraint");
        if (constraint == null) return;
        var principal = constraint.Element(constraint.Name.Namespace + "Principal");
        var dependent = constraint.Element(constraint.Name.Namespace + "Dependent");
        if (principal == null || dependent == null || (string?)dependent.Attribute("Role") != fromRole) return;
        var principalRefs = principal.Elements().Select(e => (string)e.Attribute("Name")!).ToList();
        var dependentRefs = dependent.Elements().Select(e => (string)e.Attribute("Name")!).ToList();
        for (var i = 0; i < Math.Min(principalRefs.Count, dependentRefs.Count); i++)
            navigation.Add(new XElement(EdmV4 + "ReferentialConstraint",
                new XAttribute("Property", dependentRefs[i]), new XAttribute("ReferencedProperty", principalRefs[i])));
    }

    XElement ConvertContainer(XElement container, string ns, List<XElement> operations)
    {
        var result = new XElement(EdmV4 + "EntityContainer", new XAttribute("Name", (string)container.Attribute("Name")!));
        foreach (var attribute in container.Attributes().Where(a => a.Name.Namespace == Sap))
            result.Add(new XAttribute(attribute));
        var sets = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var set in container.Elements(container.Name.Namespace + "EntitySet"))
        {
            var converted = new XElement(EdmV4 + "EntitySet",
                new XAttribute("Name", (string)set.Attribute("Name")!),
                new XAttribute("EntityType", Qualify((string)set.Attribute("EntityType")!)));
            foreach (var attribute in set.Attributes().Where(a => a.Name.Namespace == Sap))
                converted.Add(new XAttribute(attribute));
            sets[(string)set.Attribute("Name")!] = converted;
            result.Add(converted);
        }
        foreach (var associationSet in container.Elements(container.Name.Namespace + "AssociationSet"))
            AddBindings(associationSet, sets);
        foreach (var import in container.Elements(container.Name.Namespace + "FunctionImport"))
            ConvertFunctionImport(import, ns, result, operations);
        foreach (var other in container.Elements().Where(e => e.Name.LocalName is "ActionImport" or "Singleton"))
            result.Add(QualifyOperation(Rename(other, EdmV4), ns));
        for (var i = 0; i < _concurrency.Count; i++)
        {
            var (_, type, properties) = _concurrency[i];
            var set = sets.Values.FirstOrDefault(s => (string)s.Attribute("EntityType")! == type);
            if (set != null) _concurrency[i] = ((string)set.Attribute("Name")!, type, properties);
        }
        return result;
    }

    void AddBindings(XElement associationSet, Dictionary<string, XElement> sets)
    {
        var association = Qualify((string)associationSet.Attribute("Association")!);
        var ends = associationSet.Elements(associationSet.Name.Namespace + "End")
            .Select(e => (Role: (string?)e.Attribute("Role"), Set: (string?)e.Attribute("EntitySet"))).ToList();
        if (ends.Count != 2) return;
        foreach (var (role, setName) in ends)
        {
            var other = ends.First(e => e != (role, setName));
            if (setName == null || other.Set == null || !sets.TryGetValue(setName, out var set)) continue;
            var typeName = (string)set.Attribute("EntityType")!;
            if (!_entityTypes.TryGetValue(typeName, out var type)) continue;
            foreach (var nav in type.Elements(type.Name.Namespace + "NavigationProperty"))
            {
                if (nav.Attribute("Relationship") is not { } rel || Qualify(rel.Value) != association) continue;
                if ((string?)nav.Attribute("FromRole") != role) continue;
                var path = (string)nav.Attribute("Name")!;
                if (set.Elements(EdmV4 + "NavigationPropertyBinding").Any(b => (string?)b.Attribute("Path") == path)) continue;
                set.Add(new XElement(EdmV4 + "NavigationPropertyBinding", new XAttribute("Path", path), new XAttribute("Target", other.Set)));
            }
        }
    }

    void ConvertFunctionImport(XElement import, string ns, XElement container, List<XElement> operations)
    {
        var name = (string)import.Attribute("Name")!;
        if (import.Attribute("Function") != null || import.Attribute("Action") != null)
        {
            container.Add(QualifyOperation(Rename(import, EdmV4), ns));
            return;
        }
        var method = (string?)import.Attribute(MetadataV2 + "HttpMethod") ?? "GET";
        var isAction = !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        var operation = new XElement(EdmV4 + (isAction ? "Action" : "Function"), new XAttribute("Name", name));
        if (!isAction) operation.Add(new XAttribute("IsComposable", "false"));
        foreach (var parameter in import.Elements(import.Name.Namespace + "Parameter"))
        {
            var type = (string)parameter.Attribute("Type")!;
            var mapped = MapTypeName(type);
            if (mapped == null)
            {
                warnings.Add($"{fileName}({Line(parameter)}): parameter '{(string?)parameter.Attribute("Name")}' of '{name}' has unknown type '{type}' and is skipped");
                continue;
            }
            var converted = new XElement(EdmV4 + "Parameter", new XAttribute("Name", (string)parameter.Attribute("Name")!), new XAttribute("Type", mapped));
            foreach (var facet in new[] { "Nullable", "MaxLength", "Precision", "Scale" })
                if (parameter.Attribute(facet) is { } a) converted.Add(new XAttribute(facet, a.Value));
            operation.Add(converted);
        }
        if (import.Attribute("ReturnType") is { } returnType)
        {
            var mapped = MapTypeName(returnType.Value);
            if (mapped != null) operation.Add(new XElement(EdmV4 + "ReturnType", new XAttribute("Type", mapped)));
            else warnings.Add($"{fileName}({Line(import)}): return type '{returnType.Value}' of '{name}' is unknown; the operation returns nothing");
        }
        operations.Add(operation);

        var importElement = new XElement(EdmV4 + (isAction ? "ActionImport" : "FunctionImport"), new XAttribute("Name", name),
            new XAttribute(isAction ? "Action" : "Function", ns + "." + name));
        if (import.Attribute("EntitySet") is { } entitySet) importElement.Add(new XAttribute("EntitySet", entitySet.Value));
        importElement.Add(new XAttribute(Sap + "http-method", method.ToUpperInvariant()));
        // The entity type the import acts on (Gateway's bound operations of V2): the hub and OpenAPI list it with its sets.
        if (import.Attribute(Sap + "action-for") is { } actionFor) importElement.Add(new XAttribute(actionFor));
        container.Add(importElement);
    }

    /// <summary>SAP's test service names operations without their namespace; CSDL requires it qualified.</summary>
    static XElement QualifyOperation(XElement import, string ns)
    {
        foreach (var target in import.Attributes().Where(a => a.Name.LocalName is "Function" or "Action" && !a.Value.Contains('.')))
            target.Value = ns + "." + target.Value;
        return import;
    }

    string? MapTypeName(string type)
    {
        var element = PrimitiveTypeNames.ElementType(type, out var isCollection);
        var mapped = element.StartsWith("Edm.", StringComparison.Ordinal) ? PrimitiveTypeNames.V2ToV4(element, null) : Qualify(element);
        return mapped == null ? null : isCollection ? $"Collection({mapped})" : mapped;
    }

    IEnumerable<XElement> ConcurrencyAnnotations() =>
        _concurrency.Where(c => c.Set.Length > 0).Select(c =>
            new XElement(EdmV4 + "Annotations", new XAttribute("Target", $"{_containerQualifiedName}/{c.Set}"),
                new XElement(EdmV4 + "Annotation", new XAttribute("Term", "Org.OData.Core.V1.OptimisticConcurrency"),
                    new XElement(EdmV4 + "Collection", c.Properties.Select(p => new XElement(EdmV4 + "PropertyPath", p))))));

    void DropUnknownTypes(XElement converted, XElement original)
    {
        foreach (var typed in converted.Descendants().Where(e => e.Attribute("Type") != null).ToList())
        {
            var element = PrimitiveTypeNames.ElementType((string)typed.Attribute("Type")!, out _);
            if (!element.StartsWith("Edm.", StringComparison.Ordinal) || PrimitiveTypeNames.IsKnownV4(element)) continue;
            if (typed.Name.LocalName == "ReturnType")
                warnings.Add($"{fileName}({Line(original)}): return type '{element}' of '{(string?)converted.Attribute("Name")}' is unknown and is dropped");
            else
                warnings.Add($"{fileName}({Line(original)}): '{(string?)typed.Attribute("Name")}' in '{(string?)converted.Attribute("Name")}' has unknown type '{element}' and is skipped");
            typed.Remove();
        }
    }

    static XElement Rename(XElement element, XNamespace ns)
    {
        var result = new XElement((element.Name.Namespace == XNamespace.None || IsV2Edm(element.Name.Namespace) || element.Name.Namespace == EdmxV2)
            ? ns + element.Name.LocalName : element.Name);
        foreach (var attribute in element.Attributes())
            if (!attribute.IsNamespaceDeclaration) result.Add(new XAttribute(attribute));
        foreach (var node in element.Nodes())
            result.Add(node is XElement child ? Rename(child, child.Name.Namespace == EdmxV4 || child.Name.Namespace == EdmxV2 ? EdmxV4 : EdmV4) : node);
        return result;
    }

    MetadataException Error(XElement at, string reason) => new(fileName, Line(at), reason);

    static int Line(XElement element) => ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : 0;
}

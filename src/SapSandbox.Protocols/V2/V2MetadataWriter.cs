using System.Text;
using System.Xml;
using Microsoft.OData.Edm;
using SapSandbox.Core.Model;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Writes the EDMX 1.0 (DataServiceVersion 2.0) document a V2 client expects for a service that came as
/// V4 CSDL: entity and complex types with V2 types, an association per navigation (with the referential
/// constraint the store joins by), association sets, and <c>sap:</c> annotations derived from the V4 ones.
/// </summary>
public static class V2MetadataWriter
{
    const string Edmx = "http://schemas.microsoft.com/ado/2007/06/edmx";
    const string Edm = "http://schemas.microsoft.com/ado/2008/09/edm";
    const string Metadata = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    const string Sap = "http://www.sap.com/Protocols/SAPData";
    const string Atom = "http://www.w3.org/2005/Atom";

    sealed record Association(string Name, NavigationJoin Join, string FromRole, string ToRole);

    /// <param name="metadataPath">Where this document is served; written as the <c>atom:link rel="self"</c> Gateway adds,
    /// from which SAP's client generator takes the service's base path.</param>
    public static byte[] Write(ServiceSchema schema, string metadataPath)
    {
        var model = schema.Model;
        var container = model.EntityContainer;
        var ns = container.Namespace;
        var tables = schema.Tables.Where(t => !t.IsContained).ToList();
        var associations = new List<Association>();
        var roles = new Dictionary<(EntityTableMap, string), Association>();
        foreach (var table in tables)
        {
            foreach (var join in table.Navigations.Values.Where(j => !j.Target.IsContained))
            {
                // A navigation and its partner share one association, seen from its two ends.
                if (join.Navigation.Partner is { } partner && roles.TryGetValue((join.Target, partner.Name), out var shared))
                {
                    roles[(table, join.Name)] = shared with { FromRole = shared.ToRole, ToRole = shared.FromRole };
                    continue;
                }
                var name = $"assoc_{table.Name}_{join.Name}";
                var association = new Association(name, join, $"FromRole_{name}", $"ToRole_{name}");
                associations.Add(association);
                roles[(table, join.Name)] = association;
            }
        }

        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("edmx", "Edmx", Edmx);
            xml.WriteAttributeString("Version", "1.0");
            xml.WriteAttributeString("xmlns", "m", null, Metadata);
            xml.WriteAttributeString("xmlns", "sap", null, Sap);
            xml.WriteStartElement("edmx", "DataServices", Edmx);
            xml.WriteAttributeString("m", "DataServiceVersion", Metadata, "2.0");
            xml.WriteStartElement("Schema", Edm);
            xml.WriteAttributeString("Namespace", ns);
            xml.WriteAttributeString("xml", "lang", null, "en");
            xml.WriteAttributeString("sap", "schema-version", Sap, "1");
            xml.WriteAttributeString("xmlns", "atom", null, Atom);

            foreach (var table in tables.DistinctBy(t => t.EntityType))
                WriteEntityType(xml, model, table, roles);
            foreach (var complex in model.SchemaElements.OfType<IEdmComplexType>())
                WriteComplexType(xml, complex);
            foreach (var association in associations)
                WriteAssociation(xml, association);

            xml.WriteStartElement("EntityContainer", Edm);
            xml.WriteAttributeString("Name", container.Name);
            xml.WriteAttributeString("m", "IsDefaultEntityContainer", Metadata, "true");
            foreach (var table in tables)
            {
                xml.WriteStartElement("EntitySet", Edm);
                xml.WriteAttributeString("Name", table.Name);
                xml.WriteAttributeString("EntityType", table.EntityType.FullName());
                if (!table.Facts.Creatable) xml.WriteAttributeString("sap", "creatable", Sap, "false");
                if (!table.Facts.Updatable) xml.WriteAttributeString("sap", "updatable", Sap, "false");
                if (!table.Facts.Deletable) xml.WriteAttributeString("sap", "deletable", Sap, "false");
                xml.WriteEndElement();
            }
            foreach (var association in associations)
            {
                xml.WriteStartElement("AssociationSet", Edm);
                xml.WriteAttributeString("Name", association.Name + "Set");
                xml.WriteAttributeString("Association", ns + "." + association.Name);
                WriteSetEnd(xml, association.Join.Source.Name, association.FromRole);
                WriteSetEnd(xml, association.Join.Target.Name, association.ToRole);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            foreach (var rel in new[] { "self", "latest-version" })
            {
                xml.WriteStartElement("atom", "link", Atom);
                xml.WriteAttributeString("rel", rel);
                xml.WriteAttributeString("href", metadataPath);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    static void WriteEntityType(XmlWriter xml, IEdmModel model, EntityTableMap table, Dictionary<(EntityTableMap, string), Association> roles)
    {
        var type = table.EntityType;
        xml.WriteStartElement("EntityType", Edm);
        xml.WriteAttributeString("Name", type.Name);
        if (table.Facts.Label is { } label) xml.WriteAttributeString("sap", "label", Sap, label);
        xml.WriteStartElement("Key", Edm);
        foreach (var key in type.Key())
        {
            xml.WriteStartElement("PropertyRef", Edm);
            xml.WriteAttributeString("Name", key.Name);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        foreach (var property in type.StructuralProperties())
        {
            if (V2TypeName(property.Type) is not { } v2Type) continue;
            var column = table.Column(property.Name);
            xml.WriteStartElement("Property", Edm);
            xml.WriteAttributeString("Name", property.Name);
            xml.WriteAttributeString("Type", v2Type);
            WriteFacets(xml, property.Type);
            if (column?.Facts.Concurrency == true) xml.WriteAttributeString("ConcurrencyMode", "Fixed");
            if (property.Type.IsDate()) xml.WriteAttributeString("sap", "display-format", Sap, "Date");
            if (column != null)
            {
                if (column.Facts.Label is { } propertyLabel) xml.WriteAttributeString("sap", "label", Sap, propertyLabel);
                if (!column.Facts.Creatable) xml.WriteAttributeString("sap", "creatable", Sap, "false");
                if (!column.Facts.Updatable) xml.WriteAttributeString("sap", "updatable", Sap, "false");
            }
            xml.WriteEndElement();
        }
        foreach (var navigation in type.NavigationProperties())
        {
            if (!roles.TryGetValue((table, navigation.Name), out var association)) continue;
            xml.WriteStartElement("NavigationProperty", Edm);
            xml.WriteAttributeString("Name", navigation.Name);
            xml.WriteAttributeString("Relationship", type.Namespace + "." + association.Name);
            xml.WriteAttributeString("FromRole", association.FromRole);
            xml.WriteAttributeString("ToRole", association.ToRole);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    static void WriteComplexType(XmlWriter xml, IEdmComplexType complex)
    {
        xml.WriteStartElement("ComplexType", Edm);
        xml.WriteAttributeString("Name", complex.Name);
        foreach (var property in complex.StructuralProperties())
        {
            if (V2TypeName(property.Type) is not { } v2Type) continue;
            xml.WriteStartElement("Property", Edm);
            xml.WriteAttributeString("Name", property.Name);
            xml.WriteAttributeString("Type", v2Type);
            WriteFacets(xml, property.Type);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    static void WriteAssociation(XmlWriter xml, Association association)
    {
        var join = association.Join;
        xml.WriteStartElement("Association", Edm);
        xml.WriteAttributeString("Name", association.Name);
        WriteEnd(xml, join.Source.EntityType, Multiplicity(join.Navigation.Partner), association.FromRole);
        WriteEnd(xml, join.Target.EntityType, Multiplicity(join.Navigation), association.ToRole);
        // The end whose columns hold the whole key of the other is the principal.
        var (principal, dependent, principalColumns, dependentColumns) = join.TargetColumns.All(c => c.IsKey) && join.TargetColumns.Count == join.Target.Keys.Count
            ? (association.ToRole, association.FromRole, join.TargetColumns, join.SourceColumns)
            : (association.FromRole, association.ToRole, join.SourceColumns, join.TargetColumns);
        if (principalColumns.All(c => c.IsKey && !c.IsHidden) && dependentColumns.All(c => !c.IsHidden))
        {
            xml.WriteStartElement("ReferentialConstraint", Edm);
            WriteConstraintEnd(xml, "Principal", principal, principalColumns);
            WriteConstraintEnd(xml, "Dependent", dependent, dependentColumns);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    static string Multiplicity(IEdmNavigationProperty? navigation) => navigation == null
        ? "*"
        : navigation.Type.IsCollection() ? "*" : navigation.Type.IsNullable ? "0..1" : "1";

    static void WriteEnd(XmlWriter xml, IEdmEntityType type, string multiplicity, string role)
    {
        xml.WriteStartElement("End", Edm);
        xml.WriteAttributeString("Type", type.FullName());
        xml.WriteAttributeString("Multiplicity", multiplicity);
        xml.WriteAttributeString("Role", role);
        xml.WriteEndElement();
    }

    static void WriteConstraintEnd(XmlWriter xml, string kind, string role, IReadOnlyList<ColumnMap> columns)
    {
        xml.WriteStartElement(kind, Edm);
        xml.WriteAttributeString("Role", role);
        foreach (var column in columns)
        {
            xml.WriteStartElement("PropertyRef", Edm);
            xml.WriteAttributeString("Name", column.Path);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    static void WriteSetEnd(XmlWriter xml, string entitySet, string role)
    {
        xml.WriteStartElement("End", Edm);
        xml.WriteAttributeString("EntitySet", entitySet);
        xml.WriteAttributeString("Role", role);
        xml.WriteEndElement();
    }

    static void WriteFacets(XmlWriter xml, IEdmTypeReference type)
    {
        if (!type.IsNullable) xml.WriteAttributeString("Nullable", "false");
        if (type is IEdmStringTypeReference { MaxLength: { } maxLength }) xml.WriteAttributeString("MaxLength", maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (type is IEdmDecimalTypeReference decimalType)
        {
            if (decimalType.Precision is { } precision) xml.WriteAttributeString("Precision", precision.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (decimalType.Scale is { } scale) xml.WriteAttributeString("Scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (type is IEdmTemporalTypeReference { Precision: { } temporal } && !type.IsDate())
            xml.WriteAttributeString("Precision", temporal.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>V2 has no Date, TimeOfDay, enums or collections: they map to DateTime, Time, their underlying type, or are left out.</summary>
    static string? V2TypeName(IEdmTypeReference type)
    {
        if (type.IsCollection() || type.IsSpatial() || type.IsUntyped()) return null;
        if (type.IsEnum()) return ((IEdmEnumType)type.Definition).UnderlyingType.FullName();
        if (type.IsComplex()) return type.FullName();
        return type.PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.Date => "Edm.DateTime",
            EdmPrimitiveTypeKind.TimeOfDay or EdmPrimitiveTypeKind.Duration => "Edm.Time",
            EdmPrimitiveTypeKind.Stream => null,
            _ => type.FullName(),
        };
    }
}

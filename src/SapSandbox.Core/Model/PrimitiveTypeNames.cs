namespace SapSandbox.Core.Model;

/// <summary>The primitive type names each protocol knows; anything else under <c>Edm.</c> is unknown.</summary>
public static class PrimitiveTypeNames
{
    static readonly HashSet<string> V4 = new(StringComparer.Ordinal)
    {
        "Edm.Binary", "Edm.Boolean", "Edm.Byte", "Edm.Date", "Edm.DateTimeOffset", "Edm.Decimal",
        "Edm.Double", "Edm.Duration", "Edm.Guid", "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.SByte",
        "Edm.Single", "Edm.Stream", "Edm.String", "Edm.TimeOfDay", "Edm.Geography", "Edm.GeographyPoint",
        "Edm.GeographyLineString", "Edm.GeographyPolygon", "Edm.GeographyMultiPoint",
        "Edm.GeographyMultiLineString", "Edm.GeographyMultiPolygon", "Edm.GeographyCollection",
        "Edm.Geometry", "Edm.GeometryPoint", "Edm.GeometryLineString", "Edm.GeometryPolygon",
        "Edm.GeometryMultiPoint", "Edm.GeometryMultiLineString", "Edm.GeometryMultiPolygon",
        "Edm.GeometryCollection", "Edm.PrimitiveType", "Edm.Untyped", "Edm.EntityType", "Edm.ComplexType",
        "Edm.AnnotationPath", "Edm.PropertyPath", "Edm.NavigationPropertyPath",
    };

    /// <summary>V2 names that V4 spells differently; <c>Edm.Float</c> is a common alias of Single.</summary>
    static readonly Dictionary<string, string> V2Only = new(StringComparer.Ordinal)
    {
        ["Edm.DateTime"] = "Edm.DateTimeOffset",
        ["Edm.Time"] = "Edm.TimeOfDay",
        ["Edm.Float"] = "Edm.Single",
    };

    public static bool IsKnownV4(string name) => V4.Contains(name);

    /// <summary>Maps a V2 primitive name to V4, or returns null when the name is no known type.</summary>
    public static string? V2ToV4(string name, string? displayFormat)
    {
        if (name == "Edm.DateTime" && string.Equals(displayFormat, "Date", StringComparison.OrdinalIgnoreCase))
            return "Edm.Date";
        if (V2Only.TryGetValue(name, out var v4)) return v4;
        return V4.Contains(name) ? name : null;
    }

    /// <summary>Strips <c>Collection(...)</c>.</summary>
    public static string ElementType(string typeName, out bool isCollection)
    {
        isCollection = typeName.StartsWith("Collection(", StringComparison.Ordinal) && typeName.EndsWith(')');
        return isCollection ? typeName["Collection(".Length..^1] : typeName;
    }
}

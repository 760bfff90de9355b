using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;
using static SapSandbox.Core.Model.EdmNamespaces;

namespace SapSandbox.Core.Model;

/// <summary>
/// A metadata file read into the one <see cref="IEdmModel"/> both protocols use, with the original
/// bytes (served unchanged for the protocol they came in) and the V4 CSDL the model was read from.
/// </summary>
public sealed class MetadataDocument
{
    public required string FileName { get; init; }
    public required IEdmModel Model { get; init; }
    public required ODataVersion Origin { get; init; }
    public required byte[] OriginalBytes { get; init; }
    /// <summary>CSDL 4.0 text: the original for V4 documents, the converted form for V2 ones.</summary>
    public required string V4Csdl { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    public static MetadataDocument Load(string path) => Parse(Path.GetFileName(path), File.ReadAllBytes(path));

    public static MetadataDocument Parse(string fileName, byte[] bytes)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(bytes);
            document = XDocument.Load(stream, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new MetadataException(fileName, e.LineNumber, $"not well-formed XML: {e.Message}");
        }

        var root = document.Root!;
        if (root.Name.LocalName != "Edmx")
            throw new MetadataException(fileName, LineOf(root), $"the root element is <{root.Name.LocalName}>, not an edmx:Edmx metadata document");

        var warnings = new List<string>();
        AnnotationSanitiser.Sanitise(fileName, document, warnings);
        var isOasis = root.Name.Namespace == EdmxV4
            && root.Descendants().Where(e => e.Name.LocalName == "Schema").All(e => e.Name.Namespace == EdmV4);
        var origin = (string?)root.Attribute("Version") is "4.0" or "4.01" ? ODataVersion.V4 : ODataVersion.V2;
        var csdl = isOasis ? NormaliseV4(fileName, document, warnings) : new V2EdmxConverter(fileName, document, warnings).Convert();

        var rewritten = !isOasis || warnings.Count > 0 || NeedsRewrite(bytes);
        var csdlText = rewritten ? csdl.ToString(SaveOptions.DisableFormatting) : Encoding.UTF8.GetString(bytes);
        IEdmModel model;
        IEnumerable<EdmError> errors;
        bool ok;
        using (var reader = csdl.CreateReader())
            ok = CsdlReader.TryParse(reader, ignoreUnexpectedAttributesAndElements: true, out model, out errors);
        if (!ok)
        {
            // With unexpected attributes ignored, those errors are still listed; report the one that failed the read.
            var first = errors.FirstOrDefault(e => e.ErrorCode is not (EdmErrorCode.UnexpectedXmlAttribute or EdmErrorCode.UnexpectedXmlElement)) ?? errors.First();
            var line = isOasis && first.ErrorLocation is CsdlLocation location ? location.LineNumber : 0;
            throw new MetadataException(fileName, line, $"{first.ErrorCode}: {first.ErrorMessage}");
        }
        if (model.EntityContainer == null)
            throw new MetadataException(fileName, LineOf(root), "the document declares no EntityContainer");

        return new MetadataDocument
        {
            FileName = fileName,
            Model = model,
            Origin = origin,
            OriginalBytes = bytes,
            V4Csdl = csdlText,
            Warnings = warnings,
        };
    }

    /// <summary>OData 4.01 spells variable scale <c>floating</c>; the 4.0 reader knows <c>variable</c>.</summary>
    static bool NeedsRewrite(byte[] bytes) => bytes.AsSpan().IndexOf("Scale=\"floating\""u8) >= 0;

    static XDocument NormaliseV4(string fileName, XDocument document, List<string> warnings)
    {
        foreach (var element in document.Descendants().ToList())
        {
            if (element.Attribute("Scale") is { Value: "floating" } scale) scale.Value = "variable";
            if (element.Attribute("Type") is not { } type || element.Name.LocalName is not ("Property" or "Parameter" or "ReturnType")) continue;
            var name = PrimitiveTypeNames.ElementType(type.Value, out _);
            if (!name.StartsWith("Edm.", StringComparison.Ordinal) || PrimitiveTypeNames.IsKnownV4(name)) continue;
            warnings.Add($"{fileName}({LineOf(element)}): '{(string?)element.Attribute("Name") ?? element.Parent?.Attribute("Name")?.Value}' has unknown type '{name}' and is skipped");
            element.Remove();
        }
        return document;
    }

    static int LineOf(XElement element) => ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : 0;
}

using System.Xml;
using System.Xml.Linq;

namespace SapSandbox.Core.Model;

/// <summary>
/// Removes the parts of SAP metadata that the CSDL reader rejects but that do not change what a
/// service serves: annotations with malformed enum member paths (SAP writes <c>EnumMember="None"</c>)
/// and enum members whose value overflows Int64. Each removal is reported as a warning with its line.
/// </summary>
public static class AnnotationSanitiser
{
    public static void Sanitise(string fileName, XDocument document, ICollection<string> warnings)
    {
        foreach (var element in document.Descendants().ToList())
        {
            if (element.Parent == null) continue;
            if (element.Attribute("EnumMember") is { } enumMember && !IsEnumMemberPath(enumMember.Value))
            {
                warnings.Add($"{fileName}({Line(element)}): annotation value EnumMember=\"{enumMember.Value}\" is not an enum member path and is ignored");
                var annotation = element.Name.LocalName == "Annotation" ? element : element.Ancestors().First(a => a.Name.LocalName == "Annotation");
                annotation.Remove();
            }
            else if (element.Name.LocalName == "Member" && element.Attribute("Value") is { } value && !long.TryParse(value.Value, out _))
            {
                warnings.Add($"{fileName}({Line(element)}): enum member '{(string?)element.Attribute("Name")}' has value {value.Value}, outside Int64, and is skipped");
                element.Remove();
            }
        }
    }

    static bool IsEnumMemberPath(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(part => part.IndexOf('/') > 0);

    static int Line(XElement element) => ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : 0;
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace SapSandbox.Protocols.Http;

/// <summary>How every JSON body is written: UTF-8 as is ("München", not "M\u00FCnchen"), as SAP's services send it.</summary>
public static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The writers emit well-formed documents by construction; validation would cost on every value.
        SkipValidation = true,
    };
}

namespace SapSandbox.Protocols.Http;

/// <summary>An error as both protocols report it: status, SAP-style code, message, and the property it concerns.</summary>
public sealed record ODataError(int Status, string Message, string? Target = null)
{
    /// <summary>The SAP message of a business rule's refusal (<c>V1/302</c>), which replaces the exception class as code.</summary>
    public string? MessageCode { get; init; }

    /// <summary>The business rule's message, else Gateway's exception classes per status, as they appear in SAP's error bodies.</summary>
    public string Code => MessageCode ?? Status switch
    {
        400 => "/IWCOR/CX_OD_BAD_REQUEST",
        401 => "/IWFND/CM_CONSUMER/101",
        403 => "/IWFND/CM_CONSUMER/102",
        404 => "/IWCOR/CX_OD_NOT_FOUND",
        405 => "/IWCOR/CX_OD_METHD_NOT_ALLOWED",
        406 => "/IWCOR/CX_OD_NOT_ACCEPTABLE",
        412 => "/IWBEP/CM_V4_APPS/018",
        428 => "/IWBEP/CM_V4_APPS/017",
        // SAP's ICM answers its own limits outside OData, without a message class; these name the sandbox's limit.
        413 => "/SAPSANDBOX/PAYLOAD_TOO_LARGE",
        414 => "/SAPSANDBOX/URI_TOO_LONG",
        429 => "/SAPSANDBOX/TOO_MANY_REQUESTS",
        503 => "/SAPSANDBOX/SERVICE_UNAVAILABLE",
        504 => "/SAPSANDBOX/GATEWAY_TIMEOUT",
        501 => "/IWCOR/CX_OD_NOT_IMPLEMENTED",
        _ => "/IWCOR/CX_OD_INTERNAL_ERROR",
    };

    public string Category => Status >= 500 ? "Server_Error" : "Client_Error";
}

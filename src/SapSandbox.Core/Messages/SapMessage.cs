namespace SapSandbox.Core.Messages;

/// <summary>
/// How serious a message is, with the numbers RAP's <c>numericSeverity</c> carries (1 success … 4 error);
/// Gateway's V2 <c>sap-message</c> header names them instead (<see cref="SapMessage.SeverityName"/>).
/// </summary>
public enum MessageSeverity
{
    Success = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

/// <summary>
/// A message of the business logic that does not fail the request, as S/4 reports "Standard Order 4711 has been
/// saved" or an incompletion warning beside a successful change: an SAP message code (<c>CLASS/NUMBER</c>), its
/// text, and the property or entity it concerns.
/// </summary>
public sealed record SapMessage(string Code, string Text, MessageSeverity Severity, string Target = "")
{
    /// <summary>The severity as V2's <c>sap-message</c> header spells it.</summary>
    public string SeverityName => Severity switch
    {
        MessageSeverity.Success => "success",
        MessageSeverity.Info => "info",
        MessageSeverity.Warning => "warning",
        _ => "error",
    };
}

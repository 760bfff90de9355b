using SapSandbox.Core.Query;

namespace SapSandbox.Services.S4Behavior;

/// <summary>
/// A refusal of S/4's business logic: the SAP message (<c>CLASS/NUMBER</c>) and its text become the error's code
/// and message, as S/4 answers an action on a document in the wrong state.
/// </summary>
static class S4Error
{
    public static QueryException BadRequest(string code, string text, string? target = null) =>
        new(400, text, target) { MessageCode = code };

    public static QueryException NotFound(string code, string text, string? target = null) =>
        new(404, text, target) { MessageCode = code };
}

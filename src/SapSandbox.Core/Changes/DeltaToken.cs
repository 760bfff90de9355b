using System.Buffers.Text;
using System.Globalization;
using System.Text;
using SapSandbox.Core.Query;

namespace SapSandbox.Core.Changes;

/// <summary>
/// The <c>$deltatoken</c> of a delta link: a position in the <see cref="ChangeLog"/> and the entity set it was issued
/// for, opaque to clients. A token sent to another set, or not made here, is a 400.
/// </summary>
public static class DeltaToken
{
    public static string Encode(long position, string entitySet) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position.ToString(CultureInfo.InvariantCulture) + ":" + entitySet));

    public static long Decode(string token, string entitySet)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var colon = text.IndexOf(':');
            if (colon > 0 && text[(colon + 1)..] == entitySet
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
                return position;
        }
        catch (FormatException) { }
        throw QueryException.BadRequest($"The delta token '{token}' was not issued for {entitySet}; follow the delta link as given", "$deltatoken");
    }
}

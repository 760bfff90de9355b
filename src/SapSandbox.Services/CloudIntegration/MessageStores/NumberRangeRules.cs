using System.Globalization;
using SapSandbox.Core.Query;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// What a number range object must be: whole, non-negative numbers with the minimum below the maximum, a current
/// value between them, a field length that the maximum fits into (0 for no padding) and a rotate flag. The tenant
/// shows the numbers zero-padded to the field length (<c>"MinValue":"0000000001"</c> for length 10), so they are
/// stored that way.
/// </summary>
static class NumberRangeRules
{
    public static readonly string[] Attributes = ["Name", "Description", "MinValue", "MaxValue", "CurrentValue", "FieldLength", "Rotate"];

    /// <summary>
    /// The attributes to store for a number range object, from what the client sent and, for a change, what the
    /// object holds (<paramref name="existing"/>). <paramref name="replace"/> (PUT) needs every attribute.
    /// </summary>
    public static Dictionary<string, string> Resolve(IReadOnlyDictionary<string, string?> sent, IReadOnlyDictionary<string, string?>? existing, bool replace)
    {
        foreach (var name in sent.Keys.Where(k => !Attributes.Contains(k) && k is not ("DeployedBy" or "DeployedOn" or "__metadata")))
            throw QueryException.BadRequest($"A number range object has no attribute '{name}'; it has {string.Join(", ", Attributes)}", name);
        if (replace)
        {
            var missing = Attributes.Where(a => a != "Description" && !sent.ContainsKey(a)).ToList();
            if (missing.Count > 0)
                throw QueryException.BadRequest($"A PUT of a number range object provides all attributes; {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing");
        }
        string? Value(string name) => sent.TryGetValue(name, out var value) ? value : existing?.GetValueOrDefault(name);

        var objectName = Value("Name");
        if (string.IsNullOrWhiteSpace(objectName)) throw QueryException.BadRequest("Name must not be empty: it names the number range object", "Name");
        var min = Number("MinValue", Value("MinValue"), required: true)!.Value;
        var max = Number("MaxValue", Value("MaxValue"), required: true)!.Value;
        if (min >= max) throw QueryException.BadRequest($"MinValue {min} must be less than MaxValue {max}", "MinValue");
        var current = Number("CurrentValue", Value("CurrentValue"), required: false) ?? min;
        if (current < min || current > max)
            throw QueryException.BadRequest($"CurrentValue {current} must lie between MinValue {min} and MaxValue {max}", "CurrentValue");
        var fieldLength = Number("FieldLength", Value("FieldLength"), required: false) ?? 0;
        var digits = max.ToString(CultureInfo.InvariantCulture).Length;
        if (fieldLength > 19) throw QueryException.BadRequest($"FieldLength {fieldLength} is too long; a number has at most 19 digits", "FieldLength");
        if (fieldLength > 0 && fieldLength < digits)
            throw QueryException.BadRequest($"FieldLength {fieldLength} is shorter than MaxValue {max}, which has {digits} digits; use at least {digits}, or 0 for no padding", "FieldLength");
        var rotate = Value("Rotate") ?? "false";
        if (!rotate.Equals("true", StringComparison.OrdinalIgnoreCase) && !rotate.Equals("false", StringComparison.OrdinalIgnoreCase))
            throw QueryException.BadRequest($"Rotate is 'true' or 'false', not '{rotate}'", "Rotate");

        var length = (int)fieldLength;
        return new Dictionary<string, string>
        {
            ["Name"] = objectName,
            ["Description"] = Value("Description") ?? "",
            ["MinValue"] = StoreContent.Padded(min, length),
            ["MaxValue"] = StoreContent.Padded(max, length),
            ["CurrentValue"] = StoreContent.Padded(current, length),
            ["FieldLength"] = fieldLength.ToString(CultureInfo.InvariantCulture),
            ["Rotate"] = rotate.ToLowerInvariant(),
        };
    }

    static long? Number(string name, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
            return required ? throw QueryException.BadRequest($"{name} must be given: a whole number of at most 19 digits", name) : null;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw QueryException.BadRequest($"{name} '{text}' is not a whole, non-negative number of at most 19 digits", name);
        return value;
    }
}

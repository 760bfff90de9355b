using System.Globalization;
using Microsoft.OData;
using Microsoft.OData.Edm;

namespace SapSandbox.Core.Store;

/// <summary>
/// The stored form of each kind of value. Temporal values are fixed-width text so that text order is
/// time order in every store and no precision is lost; decimals are invariant text.
/// </summary>
public static class StoredValue
{
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH':'mm':'ss'.'fffffff";

    public static string FromDateTimeOffset(DateTimeOffset value) => value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);
    public static string FromDate(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);
    public static string FromTime(TimeOnly value) => value.ToString(TimeFormat, CultureInfo.InvariantCulture);
    public static string FromDecimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A decimal literal kept as written (beyond System.Decimal's 28 digits SAP allows Precision 31), after
    /// checking it is a plain number; exponents are expanded through System.Decimal.
    /// </summary>
    public static string FromDecimalText(string text)
    {
        var span = text.AsSpan().Trim();
        var digits = span.Length > 0 && span[0] is '-' or '+' ? span[1..] : span;
        var dot = digits.IndexOf('.');
        var integral = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? [] : digits[(dot + 1)..];
        if (integral.Length > 0 && !integral.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9') && (dot < 0 || fraction.Length > 0))
            return span[0] == '+' ? span[1..].ToString() : span.ToString();
        return FromDecimal(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Converts a CLR value (as Microsoft.OData's parsers produce them) to what the column stores.</summary>
    public static object? From(ValueKind kind, object? value, IEdmEnumType? enumType = null)
    {
        // Microsoft.OData 8's URI parser still produces its own Date and TimeOfDay (obsolete from ODL 9 on).
#pragma warning disable CS0618
        if (value == null || value is ODataNullValue) return null;
        return (kind, value) switch
        {
            (ValueKind.DateTimeOffset, DateTimeOffset v) => FromDateTimeOffset(v),
            (ValueKind.DateTimeOffset, DateTime v) => FromDateTimeOffset(new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc))),
            (ValueKind.DateTimeOffset, Date v) => FromDateTimeOffset(new DateTimeOffset(v.Year, v.Month, v.Day, 0, 0, 0, TimeSpan.Zero)),
            (ValueKind.Date, Date v) => FromDate(new DateOnly(v.Year, v.Month, v.Day)),
            (ValueKind.Date, DateOnly v) => FromDate(v),
            (ValueKind.Date, DateTimeOffset v) => FromDate(DateOnly.FromDateTime(v.UtcDateTime)),
            (ValueKind.TimeOfDay, TimeOfDay v) => FromTime(new TimeOnly(v.Ticks)),
            (ValueKind.TimeOfDay, TimeOnly v) => FromTime(v),
            (ValueKind.TimeOfDay, TimeSpan v) => FromTime(new TimeOnly(v.Ticks)),
            (ValueKind.Duration, TimeSpan v) => v.Ticks,
            (ValueKind.Decimal, _) => FromDecimal(System.Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
            (ValueKind.Guid, Guid v) => v.ToString("D"),
            (ValueKind.Boolean, bool v) => v ? 1L : 0L,
            (ValueKind.Int32 or ValueKind.Int64, _) when value is not string => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            (ValueKind.Double or ValueKind.Single, _) when value is not string => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            (ValueKind.Enum, ODataEnumValue v) => EnumValue(enumType, v.Value),
            (ValueKind.Enum, string v) => EnumValue(enumType, v),
            (ValueKind.Binary, byte[] v) => v,
            _ => value,
        };
#pragma warning restore CS0618
    }

    /// <summary>
    /// A member's name or value, or for a flags type several of either joined by commas (<c>Red,Blue</c>, <c>5</c>);
    /// anything the type does not define (an unknown name, a value no member has, bits no flag covers) is refused.
    /// </summary>
    static long EnumValue(IEdmEnumType? type, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (type == null) return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (parts.Length > 1 && !type.IsFlags) throw new FormatException($"'{text}' names several members of '{type.FullName()}', which is no flags type");
        long result = 0, defined = type.Members.Aggregate(0L, (all, m) => all | m.Value.Value);
        foreach (var part in parts)
        {
            long value;
            if (long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                var known = type.IsFlags ? (number & ~defined) == 0 : type.Members.Any(m => m.Value.Value == number);
                value = known ? number : throw new FormatException($"{number} is no value of enum type '{type.FullName()}'");
            }
            else
                value = (type.Members.FirstOrDefault(m => m.Name == part)
                    ?? throw new FormatException($"'{part}' is not a member of enum type '{type.FullName()}'")).Value.Value;
            result |= value;
        }
        return result;
    }
}

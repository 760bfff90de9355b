using System.Globalization;

namespace SapSandbox.Core.Store;

/// <summary>
/// SQLite has no exact decimal type: decimals are stored as text and compared by this collation, so
/// <c>10.5 &gt; 9.75</c> holds and nothing is rounded through a double.
/// </summary>
public static class DecimalCollation
{
    public const string Name = "DECIMAL";

    public static int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x == null) return -1;
        if (y == null) return 1;
        if (decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            return a.CompareTo(b);
        // Beyond decimal's 28 digits: fall back to doubles, then to text so the order stays total.
        if (double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var c)
            && double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return c.CompareTo(d);
        return string.CompareOrdinal(x, y);
    }
}

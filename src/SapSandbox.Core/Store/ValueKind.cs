namespace SapSandbox.Core.Store;

/// <summary>How a property's value is stored and read back; chosen once per column, never per row.</summary>
public enum ValueKind : byte
{
    String,
    Boolean,
    /// <summary>Byte, SByte, Int16 and Int32: JSON numbers on every protocol.</summary>
    Int32,
    Int64,
    /// <summary>Stored as canonical text under the DECIMAL collation, so it is exact and compares numerically.</summary>
    Decimal,
    Double,
    Single,
    /// <summary>Stored as fixed-width UTC text with seven fraction digits, so text order is time order.</summary>
    DateTimeOffset,
    Date,
    TimeOfDay,
    /// <summary>Stored as ticks.</summary>
    Duration,
    Guid,
    Binary,
    /// <summary>Stored as the member's underlying integer.</summary>
    Enum,
    /// <summary>Collections and spatial values, stored as JSON text.</summary>
    Json,
}

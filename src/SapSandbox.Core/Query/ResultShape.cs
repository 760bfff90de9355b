namespace SapSandbox.Core.Query;

/// <summary>What a read returns, decided by its resource path.</summary>
public enum ResultShape
{
    Collection,
    Entity,
    /// <summary><c>/$count</c>: a bare number.</summary>
    Count,
    /// <summary>A single property of one entity.</summary>
    Property,
    /// <summary>A primitive property's raw value (<c>/$value</c>).</summary>
    PropertyValue,
}

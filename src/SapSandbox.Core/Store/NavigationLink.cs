namespace SapSandbox.Core.Store;

/// <summary>
/// A navigation the model cannot join by itself (no referential constraint, and the target has no property holding
/// the source's key: a message processing log's adapter attributes), declared by the service that serves it: the
/// target's table gets hidden columns holding the source's key, the navigation joins on them, and so does its partner
/// back to the source. Rows are linked by writing those columns (<see cref="Path"/>), in seed data or in a behaviour.
/// </summary>
/// <param name="PerSource">
/// The targets belong to one source row each and are only unique within it (an integration flow's configuration
/// parameters, keyed by their name alone): they live in a table of their own whose key starts with hidden columns
/// holding the source's key, as a contained navigation's targets do, instead of in the entity set's table.
/// </param>
public sealed record NavigationLink(string EntitySet, string Navigation, bool PerSource = false)
{
    /// <summary>The property path of the hidden column holding the source's key property <paramref name="key"/>.</summary>
    public string Path(string key) => $"{Prefix}{EntitySet}/{Navigation}/{key}";

    /// <summary>Paths of hidden link columns start with a character no OData property name can.</summary>
    public const string Prefix = "$link/";
}

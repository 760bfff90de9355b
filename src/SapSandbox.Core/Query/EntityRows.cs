using System.Data;
using System.Data.Common;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Query;

/// <summary>
/// The rows of a <see cref="ReadPlan"/> as they come from the store: one data reader, read forward,
/// with each expansion run per row through a prepared command. Nothing is buffered.
/// </summary>
public sealed class EntityRows : IDisposable
{
    readonly StoreSession _session;
    readonly DbCommand _command;
    readonly bool _ownsCommand;
    readonly Dictionary<ExpandPlan, DbCommand> _expandCommands = [];
    readonly Dictionary<ExpandPlan, DbCommand> _expandCounts = [];
    readonly DbDataReader _reader;

    EntityRows(StoreSession session, ReadPlan plan, DbCommand command, bool ownsCommand)
    {
        _session = session;
        Plan = plan;
        _command = command;
        _ownsCommand = ownsCommand;
        _reader = session.Timed(command.ExecuteReader);
        // Expansions run a statement per row while this reader is open; where the store allows one open reader at a
        // time, the page's rows are read first (a page is bounded by the server's page size or $top).
        if (session.OneReaderAtATime && plan.Expands.Count > 0)
        {
            var rows = new DataTable();
            using (var open = _reader) session.Timed(() => { rows.Load(open); return 0; });
            _reader = rows.CreateDataReader();
        }
    }

    public ReadPlan Plan { get; }

    /// <summary>The current row.</summary>
    public DbDataReader Record => _reader;

    public static EntityRows Open(StoreSession session, ReadPlan plan) =>
        new(session, plan, session.Rent(plan.Sql, plan.Parameters), ownsCommand: true);

    public bool Read() => _reader.Read();

    public bool IsNull(int ordinal) => _reader.IsDBNull(ordinal);

    /// <summary>The rows a navigation leads to from the current row.</summary>
    public EntityRows Expand(ExpandPlan expand)
    {
        if (!_expandCommands.TryGetValue(expand, out var command))
            _expandCommands[expand] = command = _session.Rent(expand.Child.Sql, expand.Child.Parameters);
        Correlate(command, expand);
        // The command serves every parent row; the child rows only borrow it.
        return new EntityRows(_session, expand.Child, command, ownsCommand: false);
    }

    /// <summary>The count of an expanded collection for the current row (<c>$expand=X($count=true)</c>).</summary>
    public long ExpandCount(ExpandPlan expand)
    {
        if (!_expandCounts.TryGetValue(expand, out var command))
            _expandCounts[expand] = command = _session.Rent(expand.Child.CountSql, expand.Child.CountParameters);
        Correlate(command, expand);
        return (long)_session.Timed(command.ExecuteScalar)!;
    }

    void Correlate(DbCommand command, ExpandPlan expand)
    {
        for (var i = 0; i < expand.SourceOrdinals.Length; i++)
            _session.Bind(command, i, _reader.GetValue(expand.SourceOrdinals[i]));
    }

    /// <summary>What a page wrote, and the sort values after which the next page starts (null when there is none).</summary>
    public readonly record struct Page(long Written, object?[]? NextAfter);

    /// <summary>
    /// Writes the rows of one page: up to the plan's limit, one more read to learn whether a next page exists.
    /// <paramref name="afterRow"/> runs after each row, for the writer's flushing.
    /// </summary>
    public async Task<Page> WritePageAsync(Action<EntityRows> write, Func<long, ValueTask> afterRow)
    {
        long written = 0;
        object?[]? last = null;
        while (Read())
        {
            if (written == Plan.WriteLimit) return new Page(written, last);
            write(this);
            written++;
            if (written == Plan.WriteLimit) last = OrderValues();
            await afterRow(written);
        }
        return new Page(written, null);
    }

    /// <summary>The values a skip token records for the current row.</summary>
    public object?[] OrderValues()
    {
        var values = new object?[Plan.OrderOrdinals.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var ordinal = Plan.OrderOrdinals[i];
            values[i] = _reader.IsDBNull(ordinal) ? null : _reader.GetValue(ordinal);
        }
        return values;
    }

    public static long Count(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return (long)session.Timed(command.ExecuteScalar)!; }
        finally { session.Return(command); }
    }

    public static bool Exists(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return session.Timed(command.ExecuteScalar) != null; }
        finally { session.Return(command); }
    }

    public void Dispose()
    {
        _reader.Dispose();
        if (_ownsCommand) _session.Return(_command);
        foreach (var command in _expandCommands.Values) _session.Return(command);
        foreach (var command in _expandCounts.Values) _session.Return(command);
    }
}

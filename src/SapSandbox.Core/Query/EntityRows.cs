using System.Data;
using Microsoft.Data.Sqlite;

namespace SapSandbox.Core.Query;

/// <summary>
/// The rows of a <see cref="ReadPlan"/> as they come from the store: one data reader, read forward,
/// with each expansion run per row through a prepared command. Nothing is buffered.
/// </summary>
public sealed class EntityRows : IDisposable
{
    readonly SqliteConnection _connection;
    readonly SqliteCommand _command;
    readonly Dictionary<ExpandPlan, SqliteCommand> _expandCommands = [];
    readonly Dictionary<ExpandPlan, SqliteCommand> _expandCounts = [];
    readonly bool _ownsCommand;
    SqliteDataReader? _reader;

    EntityRows(SqliteConnection connection, ReadPlan plan, SqliteCommand command, bool ownsCommand)
    {
        _connection = connection;
        Plan = plan;
        _command = command;
        _ownsCommand = ownsCommand;
    }

    public ReadPlan Plan { get; }
    public IDataRecord Record => _reader!;

    public static EntityRows Open(SqliteConnection connection, ReadPlan plan)
    {
        var command = Command(connection, plan.Sql, plan.Parameters);
        var rows = new EntityRows(connection, plan, command, ownsCommand: true);
        rows._reader = command.ExecuteReader();
        return rows;
    }

    public bool Read() => _reader!.Read();

    public bool IsNull(int ordinal) => _reader!.IsDBNull(ordinal);

    /// <summary>The rows a navigation leads to from the current row.</summary>
    public EntityRows Expand(ExpandPlan expand)
    {
        if (!_expandCommands.TryGetValue(expand, out var command))
        {
            command = Command(_connection, expand.Child.Sql, expand.Child.Parameters);
            command.Prepare();
            _expandCommands[expand] = command;
        }
        Correlate(command, expand);
        // The prepared command is reused for every parent row; the child rows only borrow it.
        var rows = new EntityRows(_connection, expand.Child, command, ownsCommand: false);
        rows._reader = command.ExecuteReader();
        return rows;
    }

    /// <summary>The count of an expanded collection for the current row (<c>$expand=X($count=true)</c>).</summary>
    public long ExpandCount(ExpandPlan expand)
    {
        if (!_expandCounts.TryGetValue(expand, out var command))
        {
            command = Command(_connection, expand.Child.CountSql, expand.Child.CountParameters);
            _expandCounts[expand] = command;
        }
        Correlate(command, expand);
        return (long)command.ExecuteScalar()!;
    }

    void Correlate(SqliteCommand command, ExpandPlan expand)
    {
        for (var i = 0; i < expand.SourceOrdinals.Length; i++)
            command.Parameters[i].Value = _reader!.GetValue(expand.SourceOrdinals[i]);
    }

    /// <summary>The values a skip token records for the current row.</summary>
    public object?[] OrderValues()
    {
        var values = new object?[Plan.OrderOrdinals.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var ordinal = Plan.OrderOrdinals[i];
            values[i] = _reader!.IsDBNull(ordinal) ? null : _reader.GetValue(ordinal);
        }
        return values;
    }

    public static long Count(SqliteConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        using var command = Command(connection, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    public static bool Exists(SqliteConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar() != null;
    }

    static SqliteCommand Command(SqliteConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
            command.Parameters.Add(new SqliteParameter("$p" + i, parameters[i] ?? DBNull.Value));
        return command;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        if (_ownsCommand) _command.Dispose();
        foreach (var command in _expandCommands.Values) command.Dispose();
        foreach (var command in _expandCounts.Values) command.Dispose();
    }
}

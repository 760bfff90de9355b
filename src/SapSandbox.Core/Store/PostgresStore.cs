using System.Data.Common;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace SapSandbox.Core.Store;

/// <summary>
/// The shared store: a PostgreSQL database of its own, one schema per service, used by one or several sandbox
/// processes at once. Changes take one transaction-scoped advisory lock, so writes are ordered across processes
/// exactly as SQLite orders them within one file: an ETag race has one winner whichever process serves it.
/// </summary>
public sealed class PostgresStore : SandboxStore
{
    /// <summary>The advisory lock every change holds until it commits or rolls back ("SAPSBX" in ASCII).</summary>
    const long WriteLock = 0x534150534258;

    readonly NpgsqlDataSource _source;

    public PostgresStore(string connectionString)
    {
        Description = Describe(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
        StoreTables.EnsureCreated(this);
    }

    public override string Description { get; }

    /// <summary>Server and database of a connection string, for logs and messages: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override DbConnection Open() => _source.OpenConnection();

    public override async Task ProbeAsync(CancellationToken cancellation)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {StoreTables.Services} LIMIT 1", connection);
        await command.ExecuteScalarAsync(cancellation);
    }

    internal override DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = ((NpgsqlConnection)connection).BeginTransaction();
        try
        {
            using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({WriteLock})", (NpgsqlConnection)connection, transaction);
            command.ExecuteNonQuery();
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
        return transaction;
    }

    internal override bool OneReaderAtATime => true;

    /// <summary>The sandbox's <c>$p0</c> placeholders as PostgreSQL's <c>$1</c>, outside quoted text and names.</summary>
    internal override string CommandText(string sql)
    {
        var text = new StringBuilder(sql.Length);
        char? quote = null;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote != null)
            {
                if (c == quote) quote = null;
            }
            else if (c is '\'' or '"') quote = c;
            else if (c == '$' && i + 2 < sql.Length && sql[i + 1] == 'p' && char.IsAsciiDigit(sql[i + 2]))
            {
                var end = i + 2;
                while (end < sql.Length && char.IsAsciiDigit(sql[end])) end++;
                text.Append('$').Append(int.Parse(sql.AsSpan(i + 2, end - i - 2), CultureInfo.InvariantCulture) + 1);
                i = end - 1;
                continue;
            }
            text.Append(c);
        }
        return text.ToString();
    }

    // Untyped, as SQLite takes them: PostgreSQL gives each parameter the type its place needs, so a key sent as text
    // matches a bigint column and a decimal's text a numeric one. Bytes are the exception (bytea's text form differs).
    internal override DbParameter NewParameter(int index) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown };

    internal override object Bind(object? value) => value switch
    {
        null => DBNull.Value,
        string text => text,
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        bool flag => flag ? "1" : "0",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public override StoreFailure Classify(DbException exception) => (exception as PostgresException)?.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => StoreFailure.DuplicateKey,
        PostgresErrorCodes.NotNullViolation => StoreFailure.MissingValue,
        PostgresErrorCodes.ForeignKeyViolation => StoreFailure.Reference,
        PostgresErrorCodes.CheckViolation or PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.NumericValueOutOfRange
            or PostgresErrorCodes.StringDataRightTruncation => StoreFailure.Constraint,
        _ => StoreFailure.Other,
    };

    /// <summary>
    /// Drops what the sandbox created in the database (each service's schema and the sandbox's own tables), so the
    /// next start creates and seeds everything anew. Other schemas and tables are left alone.
    /// </summary>
    public static void Reset(string connectionString)
    {
        using var source = NpgsqlDataSource.Create(connectionString);
        using var connection = source.OpenConnection();
        var schemas = new List<string>();
        using (var find = new NpgsqlCommand($"SELECT \"name\" FROM {StoreTables.Services}", connection))
        {
            try
            {
                using var reader = find.ExecuteReader();
                while (reader.Read()) schemas.Add(reader.GetString(0));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { }
        }
        var tables = new List<string>();
        using (var find = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE '\\_%' OR tablename LIKE '%\\_\\_$%')", connection))
        using (var reader = find.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        var drop = string.Concat(schemas.Select(s => $"DROP SCHEMA IF EXISTS {SqlDialect.Quote(s)} CASCADE;"))
                 + string.Concat(tables.Select(t => $"DROP TABLE IF EXISTS public.{SqlDialect.Quote(t)} CASCADE;"));
        if (drop.Length == 0) return;
        using var command = new NpgsqlCommand(drop, connection);
        command.ExecuteNonQuery();
    }
}

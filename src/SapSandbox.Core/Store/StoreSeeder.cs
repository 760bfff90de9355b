using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SapSandbox.Core.Data;

namespace SapSandbox.Core.Store;

/// <summary>
/// Creates a service's tables and fills them on first start. A service whose metadata changed since
/// it was seeded is rebuilt; otherwise its data is kept across restarts.
/// </summary>
public static class StoreSeeder
{
    public sealed record Result(bool Seeded, long Rows);

    public static Result EnsureSeeded(SqliteStore store, ServiceSchema schema, byte[] metadata, DataSizes sizes, string? dataFolder, ISeedData? seed = null)
    {
        // The seed data's version counts like the metadata: newer rows reseed a store seeded with older ones.
        var hash = Convert.ToHexString(SHA256.HashData([.. metadata, .. System.Text.Encoding.UTF8.GetBytes(seed?.Version ?? "")]));
        using var connection = store.Open();
        Execute(connection, "CREATE TABLE IF NOT EXISTS \"_sandbox_services\" (\"name\" TEXT PRIMARY KEY, \"metadata_hash\" TEXT NOT NULL, \"rows\" INTEGER NOT NULL)");
        // The last number each number range handed out, so that a deleted document's number is never reused.
        Execute(connection, $"CREATE TABLE IF NOT EXISTS {StoreTables.NumberRanges} (\"name\" TEXT PRIMARY KEY, \"last\" INTEGER NOT NULL)");
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "SELECT \"metadata_hash\" FROM \"_sandbox_services\" WHERE \"name\" = $name";
            check.Parameters.AddWithValue("$name", schema.ServiceName);
            if (check.ExecuteScalar() as string == hash) return new Result(false, 0);
        }

        using var transaction = connection.BeginTransaction();
        foreach (var table in schema.Tables)
            Execute(connection, $"DROP TABLE IF EXISTS {table.TableName}");
        foreach (var statement in store.Dialect.CreateSchema(schema))
            Execute(connection, statement);
        // Delta tokens issued before this load describe rows that are gone.
        Changes.ChangeLog.MarkReloaded(connection, schema.Tables);

        var provided = new Dictionary<EntityTableMap, IReadOnlyList<object?[]>>();
        if (dataFolder != null && Directory.Exists(dataFolder))
            foreach (var table in schema.Tables)
                if (DataFileReader.TryRead(dataFolder, table) is { } rows) provided[table] = rows;
        if (seed != null)
            foreach (var table in schema.Tables)
                if (!provided.ContainsKey(table) && seed.Rows(table) is { } rows) provided[table] = rows;

        long total = 0;
        foreach (var (table, rows) in new DemoDataGenerator(schema, sizes).Generate(provided))
            total += Insert(connection, table, rows);

        ReportViolations(connection, schema);

        using (var record = connection.CreateCommand())
        {
            record.CommandText = "INSERT OR REPLACE INTO \"_sandbox_services\" VALUES ($name, $hash, $rows)";
            record.Parameters.AddWithValue("$name", schema.ServiceName);
            record.Parameters.AddWithValue("$hash", hash);
            record.Parameters.AddWithValue("$rows", total);
            record.ExecuteNonQuery();
        }
        transaction.Commit();
        return new Result(true, total);
    }

    static long Insert(SqliteConnection connection, EntityTableMap table, IReadOnlyList<object?[]> rows)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT OR IGNORE INTO {table.TableName} ({string.Join(", ", table.Columns.Select(c => SqlDialect.Quote(c.Name)))}) " +
                             $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        insert.Prepare();
        long inserted = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            inserted += insert.ExecuteNonQuery();
        }
        return inserted;
    }

    /// <summary>Names the first rows that point nowhere, instead of SQLite's bare "FOREIGN KEY constraint failed" at commit.</summary>
    static void ReportViolations(SqliteConnection connection, ServiceSchema schema)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA foreign_key_check";
        using var reader = check.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read() && problems.Count < 5)
            problems.Add($"a row of {reader.GetString(0)} refers to a missing row of {reader.GetString(2)}");
        if (problems.Count > 0)
            throw new InvalidDataException($"{schema.ServiceName}: the data breaks referential constraints: {string.Join("; ", problems)}");
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

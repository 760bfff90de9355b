using System.Data.Common;
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

    public static Result EnsureSeeded(SandboxStore store, ServiceSchema schema, byte[] metadata, DataSizes sizes, string? dataFolder, ISeedData? seed = null)
    {
        // The seed data's version counts like the metadata: newer rows reseed a store seeded with older ones.
        var hash = Convert.ToHexString(SHA256.HashData([.. metadata, .. System.Text.Encoding.UTF8.GetBytes(seed?.Version ?? "")]));
        using var session = store.Rent();
        const string seededHash = $"SELECT \"metadata_hash\" FROM {StoreTables.Services} WHERE \"name\" = $p0";
        if (session.Scalar(seededHash, schema.ServiceName) as string == hash) return new Result(false, 0);

        // Under the write lock: a second process starting on the same store waits, then finds the service seeded.
        using var transaction = session.BeginWrite();
        if (session.Scalar(seededHash, schema.ServiceName) as string == hash) return new Result(false, 0);
        foreach (var statement in store.Dialect.DropSchema(schema))
            session.ExecuteOnce(statement);
        foreach (var statement in store.Dialect.CreateSchema(schema))
            session.ExecuteOnce(statement);
        // Delta tokens issued before this load describe rows that are gone.
        Changes.ChangeLog.MarkReloaded(session, schema.Tables);

        var provided = new Dictionary<EntityTableMap, IReadOnlyList<object?[]>>();
        if (dataFolder != null && Directory.Exists(dataFolder))
            foreach (var table in schema.Tables)
                if (DataFileReader.TryRead(dataFolder, table) is { } rows) provided[table] = rows;
        if (seed != null)
            foreach (var table in schema.Tables)
                if (!provided.ContainsKey(table) && seed.Rows(table) is { } rows) provided[table] = rows;

        long total = 0;
        foreach (var (table, rows) in new DemoDataGenerator(schema, sizes).Generate(provided))
            total += Insert(session, table, rows);

        if (session.Connection is SqliteConnection sqlite) ReportViolations(sqlite, schema);

        session.Execute($"INSERT INTO {StoreTables.Services} (\"name\", \"metadata_hash\", \"rows\") VALUES ($p0, $p1, $p2) " +
                        "ON CONFLICT (\"name\") DO UPDATE SET \"metadata_hash\" = excluded.\"metadata_hash\", \"rows\" = excluded.\"rows\"",
                        schema.ServiceName, hash, total);
        try { transaction.Commit(); }
        catch (Query.QueryException e)
        {
            // Foreign keys are checked at commit; PostgreSQL's message names the constraint and the key.
            throw new InvalidDataException($"{schema.ServiceName}: the data breaks referential constraints: {e.Message}");
        }
        return new Result(true, total);
    }

    static long Insert(StoreSession session, EntityTableMap table, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0) return 0;
        var sql = $"INSERT INTO {table.TableName} ({string.Join(", ", table.Columns.Select(c => SqlDialect.Quote(c.Name)))}) " +
                  $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))}) ON CONFLICT DO NOTHING";
        long inserted = 0;
        // One prepared command for the table, bound anew per row.
        var insert = session.Rent(sql, rows[0]);
        try
        {
            foreach (var row in rows)
            {
                session.Bind(insert, row);
                inserted += insert.ExecuteNonQuery();
            }
        }
        finally { session.Return(insert); }
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
}

using SapSandbox.Core.Store;

namespace SapSandbox.Core.Tests;

/// <summary>An SQLite file in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("sapsandbox-test-").FullName;
        Store = new SqliteStore(Path.Combine(Folder, "sandbox.db"));
    }

    public string Folder { get; }
    public SqliteStore Store { get; }

    public object? Scalar(string sql)
    {
        using var connection = Store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteStore.Delete(Store.Path);
        Directory.Delete(Folder, recursive: true);
    }
}

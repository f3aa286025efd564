using Npgsql;
using Rapport.Storage;

namespace Rapport.Testing;

/// <summary>
/// A throwaway, empty database: a SQLite file in a temp folder, or a new database on a PostgreSQL server
/// (created through the given connection string, dropped on dispose). Benchmarks and tests use it.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _server;
    private readonly string? _postgresName;

    private ScratchDatabase(DatabaseOptions options, string? folder, string? server, string? postgresName)
    {
        Options = options;
        _folder = folder;
        _server = server;
        _postgresName = postgresName;
    }

    public DatabaseOptions Options { get; }

    public static ScratchDatabase Sqlite()
    {
        var folder = Directory.CreateTempSubdirectory("rapport-").FullName;
        return new ScratchDatabase(new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={folder}/rapport.db" }, folder, null, null);
    }

    /// <param name="server">A connection string whose user may create databases.</param>
    public static async Task<ScratchDatabase> PostgresAsync(string server)
    {
        var name = "rapport_scratch_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new ScratchDatabase(new DatabaseOptions { Provider = "postgres", ConnectionString = builder.ToString() }, null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_server!, $"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)");
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Names are generated here, not given.")]
    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

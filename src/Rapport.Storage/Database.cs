using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Storage;

/// <summary>
/// One database: its dialect, its named queries and its connections. Writes go through
/// <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>: one transaction each; on SQLite, which has one writer, they also
/// queue in-process instead of spinning on the file lock, and share one connection: its page cache
/// stays valid from one write to the next, where a pooled connection would find the file changed by
/// another and read every page again.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _synchronous;
    private DbConnection? _sqliteWriterConnection; // only used while holding _sqliteWriter
    private bool _writerRelaxed; // the writer connection is at synchronous NORMAL (an upkeep write); only used while holding _sqliteWriter

    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public Database(DatabaseOptions options)
    {
        Dialect = options.Dialect;
        Queries = QueryBook.Load(Dialect);
        _connectionString = Dialect == Dialect.Sqlite
            ? ConnectionStrings.Sqlite(options.ConnectionString ?? DatabaseOptions.DefaultSqlite)
            : options.ConnectionString ?? throw new ConfigurationError(
                "Rapport:Database:ConnectionString is required for PostgreSQL.");
        // The pool's name tags Npgsql's metrics; unnamed, it would be the connection string (host, user, database).
        _postgres = Dialect == Dialect.Postgres ? new NpgsqlDataSourceBuilder(ConnectionStrings.WithoutJit(_connectionString)) { Name = "rapport" }.Build() : null;
        KnownIdentities = Dialect == Dialect.Sqlite ? new KnownIdentities() : null;
        _synchronous = options.SqliteSynchronous;
    }

    public Dialect Dialect { get; }

    public QueryBook Queries { get; }

    /// <summary>On SQLite, what the writer last found tracking identifiers to point at; null on PostgreSQL, whose writers run side by side.</summary>
    internal KnownIdentities? KnownIdentities { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        return await OpenSqliteAsync(ReaderCacheKb, ct);
    }

    // The writer's 32 MB page cache keeps the indexes that every write touches in memory; readers, pooled
    // and several, keep 8 MB each (the operating system caches the file for them too).
    private const int WriterCacheKb = 32 * 1024;
    private const int ReaderCacheKb = 8 * 1024;

    private async Task<DbConnection> OpenSqliteAsync(int cacheKb, CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // WAL: with FULL a commit waits until its log is on disk (a 2xx answer survives a power loss); NORMAL
        // leaves that to the next checkpoint. The log is copied into the database (and synced) every 64 MB
        // instead of every 4 MB, which costs ingest far less.
        await connection.ExecuteAsync(
            $"PRAGMA synchronous = {_synchronous}; PRAGMA busy_timeout = 10000; PRAGMA wal_autocheckpoint = 16384; PRAGMA cache_size = -{cacheKb};");
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await read(connection);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction. On PostgreSQL a transaction that lost a race
    /// (deadlock, serialization failure, a key inserted meanwhile) is run again from the start, so the
    /// work must read what it needs inside the transaction; it is then idempotent by construction.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct) =>
        WriteAsync(write, WriteEffect.MayChangeIdentities, ct);

    /// <inheritdoc cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>
    internal async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, WriteEffect effect, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(write, effect, ct);
            }
            catch (Exception e) when (attempt < MaxAttempts && LostRace(e))
            {
                // lost a race with another writer: try again on the state it left
            }
        }
    }

    private const int MaxAttempts = 5;

    /// <summary>Whether a write failed because it lost a race with another writer (deadlock, serialization, a key inserted meanwhile): it is run again.</summary>
    internal static bool LostRace(Exception e) => e is LostRaceException or PostgresException { SqlState: "40P01" or "40001" or "23505" };

    private async Task<T> WriteOnceAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, WriteEffect effect, CancellationToken ct)
    {
        if (_postgres is not null)
        {
            await using var connection = await OpenAsync(ct);
            return await InTransactionAsync(connection, effect.WaitsForDisk() ? write : RelaxedOnPostgres(write), ct);
        }

        await _sqliteWriter.WaitAsync(ct);
        try
        {
            _sqliteWriterConnection ??= await OpenSqliteAsync(WriterCacheKb, ct);
            await RelaxSqliteWriterAsync(!effect.WaitsForDisk());
            var result = await InTransactionAsync(_sqliteWriterConnection, async (c, tx) =>
            {
                await KnownIdentities!.CheckAsync(c, tx);
                return await write(c, tx);
            }, ct);
            if (effect == WriteEffect.MayChangeIdentities)
            {
                KnownIdentities!.Clear();
            }

            return result;
        }
        catch
        {
            KnownIdentities!.Clear(); // what a failed write remembered may have been rolled back
            await CloseSqliteWriterAsync(); // whatever went wrong, the next write starts on a fresh connection
            throw;
        }
        finally
        {
            _sqliteWriter.Release();
        }
    }

    private static Func<DbConnection, DbTransaction, Task<T>> RelaxedOnPostgres<T>(Func<DbConnection, DbTransaction, Task<T>> write) =>
        async (c, tx) =>
        {
            await c.ExecuteAsync("SET LOCAL synchronous_commit = off", transaction: tx);
            return await write(c, tx);
        };

    /// <summary>Sets the writer's synchronous mode for the next transaction: NORMAL for an upkeep write, else the configured one.</summary>
    private async Task RelaxSqliteWriterAsync(bool relaxed)
    {
        if (relaxed == _writerRelaxed || _synchronous != "FULL")
        {
            return;
        }

        await _sqliteWriterConnection!.ExecuteAsync($"PRAGMA synchronous = {(relaxed ? "NORMAL" : _synchronous)};");
        _writerRelaxed = relaxed;
    }

    private async Task<T> InTransactionAsync<T>(
        DbConnection connection, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var result = await write(connection, transaction);
            await transaction.CommitAsync(ct);
            if (_workRecorded.TryRemove(transaction, out var queues))
            {
                foreach (var queue in queues)
                {
                    WorkRecorded?.Invoke(queue);
                }
            }

            return result;
        }
        finally
        {
            _workRecorded.TryRemove(transaction, out _);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<DbTransaction, HashSet<string>> _workRecorded = new();

    /// <summary>Raised in this process once a transaction that recorded work on a queue has committed, so its worker starts at once.</summary>
    public event Action<string>? WorkRecorded;

    /// <summary>The transaction recorded work on <paramref name="queue"/>: <see cref="WorkRecorded"/> tells of it after the commit.</summary>
    internal void RecordedWork(DbTransaction tx, string queue) =>
        _workRecorded.GetOrAdd(tx, _ => []).Add(queue);

    private async Task CloseSqliteWriterAsync()
    {
        if (_sqliteWriterConnection is not null)
        {
            await _sqliteWriterConnection.DisposeAsync();
            _sqliteWriterConnection = null;
            _writerRelaxed = false;
        }
    }

    /// <summary>
    /// A list as one parameter: an array for PostgreSQL (<c>= ANY(@x)</c>), a JSON array for SQLite
    /// (<c>IN (SELECT value FROM json_each(@x))</c>), so each query is prepared once whatever the count.
    /// </summary>
    public object List<T>(IReadOnlyCollection<T> values) =>
        Dialect == Dialect.Sqlite ? System.Text.Json.JsonSerializer.Serialize(values) : values.ToArray();

    /// <summary>
    /// A locking clause that share-locks the rows of <paramref name="alias"/> a query returns, on PostgreSQL, so a
    /// contact deleted or merged away meanwhile is waited for and left out (see contact-lock). Nothing on
    /// SQLite, which runs one write transaction at a time.
    /// </summary>
    public string KeyShare(string alias) => Dialect == Dialect.Postgres ? $" FOR KEY SHARE OF {alias}" : "";

    /// <summary>"<paramref name="column"/> is one of the list <paramref name="parameter"/>" (a <see cref="List{T}"/>) in this dialect.</summary>
    public string InList(string column, string parameter) =>
        Dialect == Dialect.Sqlite ? $"{column} IN (SELECT value FROM json_each({parameter}))" : $"{column} = ANY({parameter})";

    /// <summary>
    /// "The row <paramref name="alias"/> is of the workspace (@WorkspaceId) and, when <paramref name="listed"/>, its
    /// <paramref name="idColumn"/> is in the list @Ids". Listed rows are found through that column: SQLite only checks
    /// their workspace (unary +), because without statistics (no ANALYZE) it would rather walk the whole workspace
    /// through a workspace index to find a few of them (measured: 56 ms instead of 0.1 for 50 of 200,000 contacts).
    /// </summary>
    public string OfWorkspace(string alias, string idColumn, bool listed) => !listed
        ? $"{alias}.workspace_id = @WorkspaceId"
        : $"{(Dialect == Dialect.Sqlite ? "+" : "")}{alias}.workspace_id = @WorkspaceId AND {InList($"{alias}.{idColumn}", "@Ids")}";

    /// <summary>
    /// Lets go of memory held for speed, for an idle server: SQLite's pooled readers close (they open again on the next
    /// read) and the writer drops its page cache. PostgreSQL's pool closes idle connections by itself.
    /// </summary>
    public async Task ReleaseMemoryAsync(CancellationToken ct)
    {
        if (Dialect != Dialect.Sqlite)
        {
            return;
        }

        using (var pooled = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        await _sqliteWriter.WaitAsync(ct);
        try
        {
            if (_sqliteWriterConnection is not null)
            {
                await _sqliteWriterConnection.ExecuteAsync("PRAGMA shrink_memory;");
            }
        }
        finally
        {
            _sqliteWriter.Release();
        }
    }

    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        try
        {
            return await ReadAsync(c => c.ExecuteScalarAsync<int>("SELECT 1"), ct) == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        await _sqliteWriter.WaitAsync();
        await CloseSqliteWriterAsync();
        _sqliteWriter.Dispose();
    }
}

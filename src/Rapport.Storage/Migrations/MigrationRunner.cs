using Dapper;

namespace Rapport.Storage.Migrations;

/// <summary>
/// Applies the numbered SQL files of Migrations/{dialect}/ that the database has not seen, in order, in
/// one transaction, and records each in schema_migration. On PostgreSQL an advisory lock makes
/// several nodes starting at once apply them exactly once.
/// </summary>
public static class MigrationRunner
{
    private const long AdvisoryLockKey = 0x52617070; // "Rapp"

    public static IReadOnlyList<Migration> All(Dialect dialect) =>
        Resources.Read($"Migrations/{Resources.Folder(dialect)}/")
            .Select(r => Migration.From(r.Name, r.Text))
            .ToList();

    /// <returns>The migrations applied now (empty when the schema was current).</returns>
    public static async Task<IReadOnlyList<Migration>> ApplyAsync(Database db, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Dialect == Dialect.Sqlite)
        {
            await db.ReadAsync(c => c.ExecuteAsync("PRAGMA journal_mode = WAL;"), ct);
        }

        var migrations = All(db.Dialect);
        return await db.WriteAsync(async (connection, tx) =>
        {
            if (db.Dialect == Dialect.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }, tx);
            }

            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
                transaction: tx);
            var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migration", transaction: tx)).ToHashSet();
            var pending = migrations.Where(m => !applied.Contains(m.Version)).ToList();
            foreach (var migration in pending)
            {
                await connection.ExecuteAsync(migration.Sql, transaction: tx);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migration (version, name, applied_at) VALUES (@Version, @Name, @Now)",
                    new { migration.Version, migration.Name, Now = UnixMs.Of(now) }, tx);
            }

            return (IReadOnlyList<Migration>)pending;
        }, ct);
    }
}

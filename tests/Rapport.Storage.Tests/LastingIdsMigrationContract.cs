using Dapper;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>Migration 0008 on a database an older Rapport left: no id a record points at comes back, every contact gets a nonce.</summary>
public abstract class LastingIdsMigrationContract(StoreKind kind)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Migrating_keeps_the_ids_records_point_at_and_gives_every_contact_a_link_nonce()
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        await using var db = new Database(test.Options);
        var now = TestClock.Start;
        var (workspace, ids) = await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)", transaction: tx);
            foreach (var migration in MigrationRunner.All(db.Dialect).Where(m => m.Version < 8))
            {
                await c.ExecuteAsync(migration.Sql, transaction: tx);
                await c.ExecuteAsync("INSERT INTO schema_migration VALUES (@Version, @Name, 0)", new { migration.Version, migration.Name }, tx);
            }

            // Three contacts; the newest was erased, and the audit log and the ledger still name its id.
            var ws = await c.ExecuteScalarAsync<int>("INSERT INTO workspace (name, created_at) VALUES ('older', 0) RETURNING id", transaction: tx);
            var ids = new List<long>();
            foreach (var name in new[] { "a", "b", "c" })
            {
                ids.Add(await c.ExecuteScalarAsync<long>("INSERT INTO contact (workspace_id, external_id, traits, traits_at, created_at, updated_at) " +
                    "VALUES (@Ws, @Name, '{}', 0, 0, 0) RETURNING id", new { Ws = ws, Name = name }, tx));
            }

            await c.ExecuteAsync("INSERT INTO audit_log (workspace_id, actor, action, contact_id, detail, at) VALUES (@Ws, 'api key 1', 'erase', @Id, '{}', 0)",
                new { Ws = ws, Id = ids[2] }, tx);
            await c.ExecuteAsync("DELETE FROM contact WHERE id = @Id", new { Id = ids[2] }, tx);
            return (ws, ids);
        }, Ct);

        Assert.Equal(8, (await MigrationRunner.ApplyAsync(db, now, Ct)).Select(m => m.Version).First());

        var next = await new ContactStore(db).AddAsync(workspace, Some.Contact(now, "d"), Ct);
        Assert.True(next!.Id > ids[2], $"the erased contact's id {ids[2]} was given again");
        var nonces = await db.ReadAsync(c => c.QueryAsync<long>("SELECT link_nonce FROM contact WHERE id IN (@A, @B)", new { A = ids[0], B = ids[1] }), Ct);
        Assert.Equal(2, nonces.Where(n => n > 0).Distinct().Count());
        Assert.Equal(ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            await new SettingStore(db).GetAsync(0, "links.nonce-free-up-to", Ct)); // their older links still work
    }
}

public sealed class LastingIdsMigrationOnSqlite() : LastingIdsMigrationContract(StoreKind.Sqlite);

public sealed class LastingIdsMigrationOnPostgres() : LastingIdsMigrationContract(StoreKind.Postgres);

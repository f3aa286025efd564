using Dapper;
using Rapport.Storage.Migrations;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>Migrations from an empty database, on each dialect (a fresh database per test).</summary>
public abstract class MigrationContract(StoreKind kind)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task An_empty_database_gets_every_migration_once_and_records_it()
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        await using var db = new Database(test.Options);
        var now = TestClock.Start;

        var first = await MigrationRunner.ApplyAsync(db, now, Ct);
        var second = await MigrationRunner.ApplyAsync(db, now, Ct);

        Assert.Equal(MigrationRunner.All(db.Dialect).Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        var recorded = await db.ReadAsync(c => c.QueryAsync<int>("SELECT version FROM schema_migration ORDER BY version"), Ct);
        Assert.Equal(first.Select(m => m.Version), recorded);
    }

    [Fact]
    public async Task Both_dialects_have_the_same_migrations_and_every_named_query()
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        await using var db = new Database(test.Options); // loading the query book checks every name

        Assert.Equal(
            MigrationRunner.All(Dialect.Sqlite).Select(m => (m.Version, m.Name)),
            MigrationRunner.All(Dialect.Postgres).Select(m => (m.Version, m.Name)));
        Assert.All(Q.All, name => Assert.False(string.IsNullOrWhiteSpace(db.Queries[name])));
    }

    [Fact]
    public async Task Nodes_starting_at_once_apply_the_migrations_exactly_once()
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        var now = TestClock.Start;
        var nodes = Enumerable.Range(0, 4).Select(_ => new Database(test.Options)).ToList();

        var applied = await Task.WhenAll(nodes.Select(db => MigrationRunner.ApplyAsync(db, now, Ct)));

        Assert.Equal(MigrationRunner.All(nodes[0].Dialect).Count, applied.Sum(a => a.Count));
        foreach (var db in nodes)
        {
            await db.DisposeAsync();
        }
    }
}

public sealed class MigrationsOnSqlite() : MigrationContract(StoreKind.Sqlite);

public sealed class MigrationsOnPostgres() : MigrationContract(StoreKind.Postgres);

using Dapper;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>On SQLite, a commit (and so a 2xx answer) waits until it is on disk unless the operator chose otherwise.</summary>
public sealed class DurabilityTests
{
    [Theory]
    [InlineData(null, 2)] // FULL by default
    [InlineData("full", 2)]
    [InlineData("normal", 1)]
    [InlineData("NORMAL", 1)]
    public async Task Writes_and_reads_run_with_the_chosen_sync_mode(string? durability, int expected)
    {
        await using var scratch = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        var options = new DatabaseOptions { Provider = "sqlite", ConnectionString = scratch.Options.ConnectionString };
        if (durability is not null)
        {
            options.Durability = durability;
        }

        await using var db = new Database(options);
        var writer = await db.WriteAsync((c, tx) => c.ExecuteScalarAsync<int>("PRAGMA synchronous", transaction: tx), CancellationToken.None);
        var reader = await db.ReadAsync(c => c.ExecuteScalarAsync<int>("PRAGMA synchronous"), CancellationToken.None);
        Assert.Equal(expected, writer);
        Assert.Equal(expected, reader);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite, "SELECT CAST(synchronous AS text) FROM pragma_synchronous", "1", "2")]
    [InlineData(StoreKind.Postgres, "SHOW synchronous_commit", "off", "on")]
    public async Task Upkeep_writes_do_not_wait_for_the_disk_and_the_next_write_does_again(StoreKind kind, string query, string upkeep, string durable)
    {
        await using var scratch = await TestDatabase.CreateAsync(kind);
        var options = scratch.Options;
        if (kind == StoreKind.Postgres)
        {
            // Sessions that wait for the disk, whatever the test cluster was started with.
            options = new DatabaseOptions { Provider = "postgres", ConnectionString = options.ConnectionString + ";Options=-c synchronous_commit=on" };
        }

        await using var db = new Database(options);
        Task<string> ModeAsync(WriteEffect effect) =>
            db.WriteAsync((c, tx) => c.ExecuteScalarAsync<string>(query, transaction: tx)!, effect, CancellationToken.None)!;

        Assert.Equal(durable, await ModeAsync(WriteEffect.KeepsIdentities));
        Assert.Equal(upkeep, await ModeAsync(WriteEffect.Upkeep));
        Assert.Equal(upkeep, await ModeAsync(WriteEffect.Upkeep));
        Assert.Equal(durable, await ModeAsync(WriteEffect.MayChangeIdentities)); // an ingest after the upkeep waits for the disk again
    }

    [Fact]
    public void An_unknown_durability_is_a_configuration_error_naming_the_setting()
    {
        var options = new DatabaseOptions { Provider = "sqlite", ConnectionString = "Data Source=:memory:", Durability = "fast" };
        var error = Assert.Throws<ConfigurationError>(() => new Database(options));
        Assert.Contains("Rapport:Database:Durability", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Released_memory_leaves_the_database_working_and_its_data_intact()
    {
        await using var scratch = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        await using var db = new Database(scratch.Options);
        await db.WriteAsync((c, tx) => c.ExecuteAsync("CREATE TABLE note (n INTEGER PRIMARY KEY); INSERT INTO note VALUES (1)", transaction: tx), CancellationToken.None);
        Assert.Equal(1, await db.ReadAsync(c => c.ExecuteScalarAsync<int>("SELECT count(*) FROM note"), CancellationToken.None));

        await db.ReleaseMemoryAsync(CancellationToken.None);

        await db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO note VALUES (2)", transaction: tx), CancellationToken.None);
        Assert.Equal(2, await db.ReadAsync(c => c.ExecuteScalarAsync<int>("SELECT count(*) FROM note"), CancellationToken.None));
    }
}

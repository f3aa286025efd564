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

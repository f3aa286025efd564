using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class PolicyStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Each_new_document_is_the_next_version_the_same_one_again_keeps_the_version_and_every_version_stays_readable()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var now = store.Clock.GetUtcNow();
        Assert.Null(await store.Policies.GetAsync(ws, null, Ct));

        Assert.Equal(1, (await store.Policies.SaveAsync(ws, """{"v": 1}""", now, Ct)).Version);
        var same = await store.Policies.SaveAsync(ws, """{"v": 1}""", now.AddMinutes(1), Ct);
        Assert.Equal((1, now), (same.Version, same.CreatedAt));
        Assert.Equal(2, (await store.Policies.SaveAsync(ws, """{"v": 2}""", now.AddMinutes(2), Ct)).Version);
        Assert.Equal(3, (await store.Policies.SaveAsync(ws, """{"v": 1}""", now.AddMinutes(3), Ct)).Version); // back to the first rules: a new version

        Assert.Equal("""{"v": 1}""", (await store.Policies.GetAsync(ws, null, Ct))!.Document);
        Assert.Equal("""{"v": 2}""", (await store.Policies.GetAsync(ws, 2, Ct))!.Document);
        Assert.Null(await store.Policies.GetAsync(ws, 4, Ct));
        Assert.Equal([3, 2, 1], (await store.Policies.VersionsAsync(ws, Ct)).Select(v => v.Version));
        Assert.Empty(await store.Policies.VersionsAsync((await store.NewWorkspaceAsync()).Id, Ct)); // another workspace has none
    }

    [Fact]
    public async Task The_same_document_saved_many_times_at_once_makes_one_version()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var now = store.Clock.GetUtcNow();

        var saved = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.Policies.SaveAsync(ws, """{"same": true}""", now, Ct))));

        Assert.All(saved, s => Assert.Equal(1, s.Version));
        Assert.Single(await store.Policies.VersionsAsync(ws, Ct));
    }
}

public sealed class PolicyStoreOnSqlite(SqliteStores store) : PolicyStoreContract(store), IClassFixture<SqliteStores>;

public sealed class PolicyStoreOnPostgres(PostgresStores store) : PolicyStoreContract(store), IClassFixture<PostgresStores>;

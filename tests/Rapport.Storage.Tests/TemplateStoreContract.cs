using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class TemplateStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Each_save_is_the_next_version_and_every_version_stays_readable()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var now = store.Clock.GetUtcNow();

        Assert.Equal(1, await store.Templates.SaveAsync(ws, "welcome", "Welcome", "email", """{"v": 1}""", now, Ct));
        Assert.Equal(2, await store.Templates.SaveAsync(ws, "welcome", "Welcome again", "email", """{"v": 2}""", now.AddMinutes(1), Ct));
        Assert.Equal(1, await store.Templates.SaveAsync(ws, "code", "Code", "sms", """{"v": 1}""", now, Ct));

        var newest = await store.Templates.GetAsync(ws, "welcome", null, Ct);
        Assert.Equal((2, "Welcome again", "email", """{"v": 2}""", now.AddMinutes(1)), (newest!.Version, newest.Name, newest.Channel, newest.Document, newest.CreatedAt));
        Assert.Equal("""{"v": 1}""", (await store.Templates.GetAsync(ws, "welcome", 1, Ct))!.Document);
        Assert.Null(await store.Templates.GetAsync(ws, "welcome", 3, Ct));
        Assert.Equal([2, 1], (await store.Templates.VersionsAsync(ws, "welcome", Ct)).Select(v => v.Version));
        Assert.Equal(["code", "welcome"], (await store.Templates.CurrentAsync(ws, Ct)).Select(t => t.Key));
        Assert.Empty(await store.Templates.CurrentAsync((await store.NewWorkspaceAsync()).Id, Ct)); // another workspace sees none
    }

    [Fact]
    public async Task A_deleted_template_is_gone_from_the_list_but_its_versions_stay_and_a_new_save_goes_on_counting()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var now = store.Clock.GetUtcNow();
        await store.Templates.SaveAsync(ws, "promo", "Promo", "email", """{"v": 1}""", now, Ct);

        Assert.True(await store.Templates.DeleteAsync(ws, "promo", now, Ct));
        Assert.False(await store.Templates.DeleteAsync(ws, "promo", now, Ct));
        Assert.Null(await store.Templates.GetAsync(ws, "promo", null, Ct));
        Assert.Empty(await store.Templates.CurrentAsync(ws, Ct));
        Assert.NotNull(await store.Templates.GetAsync(ws, "promo", 1, Ct)); // for the messages rendered from it
        Assert.Null(await store.Templates.GetAsync(ws, "promo", 2, Ct)); // the version that deletes is no template

        Assert.Equal(3, await store.Templates.SaveAsync(ws, "promo", "Promo", "email", """{"v": 3}""", now, Ct));
        Assert.Equal([3, 1], (await store.Templates.VersionsAsync(ws, "promo", Ct)).Select(v => v.Version));
    }

    [Fact]
    public async Task Saves_at_once_each_get_their_own_version()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var now = store.Clock.GetUtcNow();

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.Templates.SaveAsync(ws, "busy", $"Busy {i}", "sms", "{}", now, Ct)));

        Assert.Equal(Enumerable.Range(1, 8), versions.Order());
    }
}

public sealed class TemplateStoreOnSqlite(SqliteStores store) : TemplateStoreContract(store), IClassFixture<SqliteStores>;

public sealed class TemplateStoreOnPostgres(PostgresStores store) : TemplateStoreContract(store), IClassFixture<PostgresStores>;

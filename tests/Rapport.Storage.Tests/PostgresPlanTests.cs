using Rapport.Testing;
using System.Text.Json;
using Dapper;

namespace Rapport.Storage.Tests;

/// <summary>
/// A workspace that fills faster than autovacuum analyzes looks empty to the planner. Its look-ups must stay
/// index probes of a few pages each, not scans of everything the workspace has (seconds per ingest batch),
/// and are not JIT-compiled for a cost the planner overrates.
/// </summary>
public sealed class PostgresPlanTests(PostgresStores store) : IClassFixture<PostgresStores>
{
    private const int Rows = 20_000;

    [Fact]
    public async Task A_message_id_look_up_in_a_workspace_the_statistics_have_not_seen_reads_a_few_pages()
    {
        var (seen, unseen) = await WorkspacesAsync("""
            INSERT INTO event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source)
            SELECT @WorkspaceId, 'm-' || g, g % 2000 + 1, 'track', 'Product Viewed', '{}', '{}', g, g, 'test' FROM generate_series(1, @Rows) g
            """, "event");

        var pages = await PagesReadAsync(Q.EventsExisting, new { WorkspaceId = unseen, MessageIds = Ids("m-", 50) });

        Assert.True(pages <= 50 * 8, $"50 look-ups read {pages} pages (workspace {seen} was analyzed, {unseen} not)");
    }

    [Fact]
    public async Task Contact_look_ups_in_a_workspace_the_statistics_have_not_seen_read_a_few_pages()
    {
        var (seen, unseen) = await WorkspacesAsync("""
            INSERT INTO contact (workspace_id, external_id, email, traits, traits_at, created_at, updated_at)
            SELECT @WorkspaceId, 'u-' || g, 'u' || g || '@example.com', '{}', 0, 0, 0 FROM generate_series(1, @Rows) g
            """, "contact");
        await using var c = await store.Db.OpenAsync(CancellationToken.None);
        var ids = (await c.QueryAsync<long>("SELECT id FROM contact WHERE workspace_id = @Unseen ORDER BY id DESC LIMIT 50", new { Unseen = unseen })).ToArray();

        var byUserId = await PagesReadAsync(Q.UserIdsFind, new { WorkspaceId = unseen, Values = Ids("u-", 50) });
        var byId = await PagesReadAsync(Q.ContactsByIds, new { WorkspaceId = unseen, Values = ids });
        var byEmail = await PagesReadAsync(Q.ContactsByEmails, new { WorkspaceId = unseen, Values = Ids("u", 50).Select(u => u + "@example.com").ToArray() });

        Assert.True(byUserId <= 2 * 50 * 8, $"50 look-ups by user id read {byUserId} pages (workspace {seen} was analyzed, {unseen} not)");
        Assert.True(byId <= 50 * 8, $"50 look-ups by contact id read {byId} pages (workspace {seen} was analyzed, {unseen} not)");
        Assert.True(byEmail <= 50 * 8, $"50 look-ups by e-mail read {byEmail} pages (workspace {seen} was analyzed, {unseen} not)");
    }

    [Fact]
    public async Task Sessions_compile_no_query_unless_the_connection_string_asks_for_it()
    {
        Assert.Equal("off", await JitAsync(store.Db));

        var asking = new DatabaseOptions { Provider = store.Options.Provider, ConnectionString = store.Options.ConnectionString + ";Options=-c jit=on" };
        await using var db = new Database(asking);
        Assert.Equal("on", await JitAsync(db));
    }

    private static async Task<string?> JitAsync(Database db) =>
        await db.ReadAsync(c => c.ExecuteScalarAsync<string>("SHOW jit"), CancellationToken.None);

    /// <summary>Fills one workspace and analyzes the table, then fills another four times as much.</summary>
    private async Task<(int Seen, int Unseen)> WorkspacesAsync(string fill, string table)
    {
        var seen = (await store.NewWorkspaceAsync()).Id;
        var unseen = (await store.NewWorkspaceAsync()).Id;
        await using var c = await store.Db.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(fill, new { WorkspaceId = seen, Rows = Rows / 4 });
        await c.ExecuteAsync($"ANALYZE {table}");
        await c.ExecuteAsync(fill, new { WorkspaceId = unseen, Rows });
        return (seen, unseen);
    }

    private static string[] Ids(string prefix, int count) => Enumerable.Range(1, count).Select(i => prefix + (i * 97)).ToArray();

    private async Task<long> PagesReadAsync(string query, object parameters)
    {
        await using var c = await store.Db.OpenAsync(CancellationToken.None);
        var plan = await c.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + store.Db.Queries[query], parameters);
        var root = JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan");
        return root.GetProperty("Shared Hit Blocks").GetInt64() + root.GetProperty("Shared Read Blocks").GetInt64();
    }
}

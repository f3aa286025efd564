using System.Text.Json.Nodes;
using Rapport.Core.Ports;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class EventStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    [Fact]
    public async Task A_retried_batch_stores_nothing_twice()
    {
        var ws = await store.NewWorkspaceAsync();
        var batch = Enumerable.Range(0, 20).Select(i => Messages.Track("u-" + (i % 3), null, "Viewed", Now.AddMinutes(i))).ToList();

        var first = await store.Events.IngestAsync(ws.Id, batch, "test", Now, Ct);
        var again = await store.Events.IngestAsync(ws.Id, batch, "test", Now, Ct);
        var doubled = await store.Events.IngestAsync(ws.Id, [batch[0], batch[0]], "test", Now, Ct);

        Assert.Equal((20, 0), (first.Stored, first.Duplicates));
        Assert.Equal((0, 20), (again.Stored, again.Duplicates));
        Assert.Equal((0, 2), (doubled.Stored, doubled.Duplicates));
        var contact = await store.ByExternalIdAsync(ws.Id, "u-0");
        Assert.Equal(7, (await Timeline(ws.Id, contact.Id)).Count);
    }

    [Fact]
    public async Task Anonymous_events_join_the_user_who_identifies_on_the_same_device()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [
            Messages.Track(null, "anon-1", "Product Viewed", Now),
            Messages.Track(null, "anon-1", "Product Added", Now.AddSeconds(1)),
        ], "test", Now, Ct);
        await store.Events.IngestAsync(ws.Id, [
            Messages.Identify("user-1", "anon-1", new JsonObject { ["email"] = "Ann@Example.COM" }, Now.AddSeconds(2)),
        ], "test", Now, Ct);

        var contact = await store.ByExternalIdAsync(ws.Id, "user-1");
        Assert.Equal("Ann@example.com", contact.Email);
        Assert.Equal(["identify", "track", "track"], (await Timeline(ws.Id, contact.Id)).Select(e => e.Type.ToString().ToLowerInvariant()));
    }

    [Fact]
    public async Task An_anonymous_profile_is_merged_into_a_known_user_and_the_merge_is_recorded()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [
            Messages.Identify("user-2", null, new JsonObject { ["plan"] = "free", ["city"] = "Łódź" }, Now),
            Messages.Identify(null, "anon-2", new JsonObject { ["plan"] = "trial", ["color"] = "blue 🎉" }, Now.AddMinutes(5)),
            Messages.Track(null, "anon-2", "Cart Viewed", Now.AddMinutes(6)),
        ], "test", Now, Ct);

        await store.Events.IngestAsync(ws.Id, [Messages.Track("user-2", "anon-2", "Checkout Started", Now.AddMinutes(7))], "test", Now, Ct);

        var contact = await store.ByExternalIdAsync(ws.Id, "user-2");
        Assert.Equal(4, (await Timeline(ws.Id, contact.Id)).Count);
        Assert.Equal("trial", (string?)contact.Traits["plan"]); // the anonymous traits were newer
        Assert.Equal("Łódź", (string?)contact.Traits["city"]);
        Assert.Equal("blue 🎉", (string?)contact.Traits["color"]); // a character beyond the BMP survives the store
        var merges = await store.Db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<long>(c,
            "SELECT survivor_id FROM contact_merge WHERE workspace_id = @W", new { W = ws.Id }), Ct);
        Assert.Equal(contact.Id, Assert.Single(merges));
        Assert.Single((await store.Contacts.SearchAsync(ws.Id, null, 0, 10, Ct)).Items);
    }

    [Fact]
    public async Task Alias_merges_the_previous_identity_into_the_user()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [
            Messages.Track("old-login", null, "Signed In", Now),
            Messages.Track("new-login", null, "Signed In", Now.AddSeconds(1)),
            Messages.Alias("new-login", "old-login", Now.AddSeconds(2)),
            Messages.Track("old-login", null, "Signed Out", Now.AddSeconds(3)),
        ], "test", Now, Ct);

        await store.Events.IngestAsync(ws.Id, [Messages.Track("old-login", null, "Came Back", Now.AddDays(1))], "test", Now, Ct);

        var contact = await store.ByExternalIdAsync(ws.Id, "new-login");
        Assert.Equal(5, (await Timeline(ws.Id, contact.Id)).Count); // the old id still finds the person, in later batches too
        Assert.Single((await store.Contacts.SearchAsync(ws.Id, null, 0, 10, Ct)).Items);
    }

    [Fact]
    public async Task A_device_of_one_user_is_not_taken_over_by_another_user()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [
            Messages.Track("alice", "shared-tablet", "Viewed", Now),
            Messages.Track("bob", "shared-tablet", "Viewed", Now.AddSeconds(1)),
        ], "test", Now, Ct);

        var alice = await store.ByExternalIdAsync(ws.Id, "alice");
        var bob = await store.ByExternalIdAsync(ws.Id, "bob");
        Assert.NotEqual(alice.Id, bob.Id);
        Assert.Single(await Timeline(ws.Id, bob.Id));
    }

    [Fact]
    public async Task The_timeline_pages_newest_first_without_gaps_or_repeats()
    {
        var ws = await store.NewWorkspaceAsync();
        var sameTime = Now;
        var batch = Enumerable.Range(0, 11).Select(i => Messages.Track("paged", null, $"E{i}", i < 4 ? sameTime : Now.AddHours(i))).ToList();
        await store.Events.IngestAsync(ws.Id, batch, "test", Now, Ct);
        var contact = await store.ByExternalIdAsync(ws.Id, "paged");

        var seen = new List<StoredEvent>();
        string? cursor = null;
        do
        {
            var page = await store.Events.TimelineAsync(ws.Id, contact.Id, cursor, 3, Ct);
            seen.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(11, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Select(e => e.Id), seen.Select(e => e.Id));
    }

    [Fact]
    public async Task Concurrent_batches_about_the_same_people_neither_fail_nor_duplicate_anyone()
    {
        var ws = await store.NewWorkspaceAsync();
        var batches = Enumerable.Range(0, 8).Select(b => Enumerable.Range(0, 50).Select(i =>
            i % 5 == 0
                ? Messages.Identify($"person-{(b + i) % 10}", $"device-{(b + i) % 10}", new JsonObject { ["n"] = i }, Now.AddSeconds(i))
                : Messages.Track($"person-{(b * 7 + i) % 10}", null, "Viewed", Now.AddSeconds(i))).ToList()).ToList();

        var results = await Task.WhenAll(batches.Select(batch => Task.Run(() => store.Events.IngestAsync(ws.Id, batch, "test", Now, Ct))));

        Assert.All(results, r => Assert.Equal(50, r.Stored));
        var contacts = (await store.Contacts.SearchAsync(ws.Id, null, 0, 100, Ct)).Items;
        Assert.Equal(10, contacts.Count);
        var events = 0;
        foreach (var contact in contacts)
        {
            events += (await Timeline(ws.Id, contact.Id)).Count;
        }

        Assert.Equal(400, events);
    }

    [Fact]
    public async Task The_same_batch_sent_four_times_at_once_is_stored_once()
    {
        var ws = await store.NewWorkspaceAsync();
        var batch = Enumerable.Range(0, 40).Select(i => Messages.Track($"racer-{i % 4}", $"racer-device-{i % 4}", "Viewed", Now.AddSeconds(i))).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.Events.IngestAsync(ws.Id, batch, "test", Now, Ct))));

        Assert.Equal(40, results.Sum(r => r.Stored));
        Assert.Equal(120, results.Sum(r => r.Duplicates));
        Assert.Equal(4, (await store.Contacts.SearchAsync(ws.Id, null, 0, 100, Ct)).Items.Count);
    }

    [Fact]
    public async Task Events_sent_while_their_anonymous_profiles_are_merged_all_end_up_with_the_users()
    {
        const int people = 20;
        const int senders = 3;
        const int rounds = 10;
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, Enumerable.Range(0, people).SelectMany(k => new[]
        {
            Messages.Identify($"shopper-{k}", null, new JsonObject { ["k"] = k }, Now),
            Messages.Track(null, $"browser-{k}", "Product Viewed", Now),
        }).ToList(), "test", Now, Ct);

        // Each browser is merged into its shopper, one after the other, while events for every browser keep coming.
        var merging = Task.Run(async () =>
        {
            for (var k = 0; k < people; k++)
            {
                await store.Events.IngestAsync(ws.Id, [Messages.Identify($"shopper-{k}", $"browser-{k}", new JsonObject(), Now.AddMinutes(1))], "test", Now, Ct);
            }
        });
        var browsing = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            var stored = 0;
            for (var round = 0; round < rounds; round++)
            {
                var batch = Enumerable.Range(0, people)
                    .Select(k => Messages.Track(null, $"browser-{k}", "Product Added", Now.AddMinutes(2).AddSeconds((s * rounds + round) * people + k))).ToList();
                stored += (await store.Events.IngestAsync(ws.Id, batch, "test", Now, Ct)).Stored;
            }

            return stored;
        })).ToList();
        await merging;

        Assert.Equal(senders * rounds * people, (await Task.WhenAll(browsing)).Sum());
        Assert.Equal(people, (await store.Contacts.SearchAsync(ws.Id, null, 0, 100, Ct)).Items.Count);
        for (var k = 0; k < people; k++)
        {
            var shopper = await store.ByExternalIdAsync(ws.Id, $"shopper-{k}");
            Assert.Equal(3 + senders * rounds, (await Timeline(ws.Id, shopper.Id)).Count); // two identifies, the first view, every addition
        }
    }

    [Fact]
    public async Task Traits_sent_at_once_by_one_person_are_all_kept_through_one_identifier_or_two()
    {
        const int rounds = 15;
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [Messages.Identify("reader", "reader-phone", new JsonObject(), Now)], "test", Now, Ct);

        var ways = new[] { ("reader", (string?)null, "web"), ("reader", null, "shop"), (null, "reader-phone", "app") };
        var identifying = ways.Select(way => Task.Run(async () =>
        {
            for (var i = 0; i < rounds; i++)
            {
                var traits = new JsonObject { [$"{way.Item3}-{i}"] = i };
                await store.Events.IngestAsync(ws.Id, [Messages.Identify(way.Item1, way.Item2, traits, Now.AddSeconds(1 + i))], "test", Now, Ct);
            }
        }));
        await Task.WhenAll(identifying);

        var reader = await store.ByExternalIdAsync(ws.Id, "reader");
        Assert.Equal(ways.Length * rounds, reader.Traits.Count(t => ways.Any(w => t.Key.StartsWith(w.Item3 + "-", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Events_after_a_contact_is_deleted_or_given_a_user_id_find_who_their_identifiers_point_at_now()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [Messages.Track("leaver", null, "Viewed", Now)], "test", Now, Ct);
        var tablet = Assert.Single((await store.Events.IngestAsync(ws.Id, [Messages.Track(null, "shared-tablet", "Viewed", Now)], "test", Now, Ct)).Contacts);
        await store.Events.IngestAsync(ws.Id, [Messages.Track("leaver", null, "Viewed", Now), Messages.Track(null, "shared-tablet", "Viewed", Now)], "test", Now, Ct);
        var leaver = await store.ByExternalIdAsync(ws.Id, "leaver");
        Assert.True(await store.Contacts.DeleteAsync(ws.Id, leaver.Id, Ct));
        var ann = await store.Contacts.UpdateAsync(ws.Id, (await store.Contacts.GetAsync(ws.Id, tablet, Ct))! with { ExternalId = "ann" }, Ct);

        await store.Events.IngestAsync(ws.Id, [
            Messages.Track("leaver", null, "Came back", Now),
            Messages.Identify("bob", "shared-tablet", new JsonObject { ["name"] = "Bob" }, Now),
        ], "test", Now, Ct);

        Assert.Equal(ann!.Id, (await store.ByExternalIdAsync(ws.Id, "ann")).Id); // the tablet's profile is Ann's now: Bob gets his own
        Assert.NotEqual(ann.Id, (await store.ByExternalIdAsync(ws.Id, "bob")).Id);
        Assert.Equal(["Came back"], (await Timeline(ws.Id, (await store.ByExternalIdAsync(ws.Id, "leaver")).Id)).Select(e => e.Name));
    }

    [Fact]
    public async Task An_anonymous_id_merged_into_a_user_stays_with_them_when_a_new_contact_takes_the_freed_id()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [Messages.Track("alice", null, "Viewed", Now)], "test", Now, Ct);
        foreach (var visit in new[] { "Browsed", "Browsed again" })
        {
            await store.Events.IngestAsync(ws.Id, [Messages.Track(null, "alice-laptop", visit, Now)], "test", Now, Ct);
        }

        await store.Events.IngestAsync(ws.Id, [Messages.Identify("alice", "alice-laptop", new JsonObject(), Now)], "test", Now, Ct);
        foreach (var visit in new[] { "Joined", "Joined again" })
        {
            await store.Events.IngestAsync(ws.Id, [Messages.Track("bob", null, visit, Now)], "test", Now, Ct);
        }

        await store.Events.IngestAsync(ws.Id, [Messages.Track(null, "alice-laptop", "Came back", Now)], "test", Now, Ct);

        Assert.Contains("Came back", (await Timeline(ws.Id, (await store.ByExternalIdAsync(ws.Id, "alice")).Id)).Select(e => e.Name));
        Assert.Equal(["Joined again", "Joined"], (await Timeline(ws.Id, (await store.ByExternalIdAsync(ws.Id, "bob")).Id)).Select(e => e.Name));
    }

    [Fact]
    public async Task Events_find_a_contact_another_process_deleted_gone()
    {
        var ws = await store.NewWorkspaceAsync();
        await store.Events.IngestAsync(ws.Id, [Messages.Track("visitor", null, "Viewed", Now)], "test", Now, Ct);
        await store.Events.IngestAsync(ws.Id, [Messages.Track("visitor", null, "Viewed again", Now)], "test", Now, Ct);
        await using (var otherProcess = new Database(store.Options))
        {
            Assert.True(await new ContactStore(otherProcess).DeleteAsync(ws.Id, (await store.ByExternalIdAsync(ws.Id, "visitor")).Id, Ct));
        }

        await store.Events.IngestAsync(ws.Id, [Messages.Track("visitor", null, "Came back", Now)], "test", Now, Ct);

        Assert.Equal(["Came back"], (await Timeline(ws.Id, (await store.ByExternalIdAsync(ws.Id, "visitor")).Id)).Select(e => e.Name));
    }


    private async Task<List<StoredEvent>> Timeline(int workspaceId, long contactId) =>
        (await store.Events.TimelineAsync(workspaceId, contactId, null, 500, Ct)).Items.ToList();
}

public sealed class EventStoreOnSqlite(SqliteStores store) : EventStoreContract(store), IClassFixture<SqliteStores>;

public sealed class EventStoreOnPostgres(PostgresStores store) : EventStoreContract(store), IClassFixture<PostgresStores>;

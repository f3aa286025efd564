using System.Text.Json.Nodes;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Work;
using Rapport.Testing;

namespace Rapport.Engine.Tests;

/// <summary>
/// The durable work of the upkeep, on both stores and a fake clock: what a change records is done by any node's
/// workers, survives a node that dies holding it, is done once, and keeps what depends on Rapport's own events current.
/// </summary>
public abstract class WorkContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    private async Task<int> WorkspaceWithSegmentAsync(string key, string condition)
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        await SaveSegmentAsync(ws, key, condition);
        return ws;
    }

    private Task SaveSegmentAsync(int ws, string key, string condition) =>
        store.Segments.SaveAsync(ws, key, key, $$"""{"key": "{{key}}", "name": "{{key}}", "condition": {{condition}}}""", Now, Ct);

    private async Task<bool> IsMemberAsync(int ws, string key, long contactId) =>
        (await store.Memberships.OfContactAsync(ws, contactId, Ct)).Any(m => m.SegmentKey == key && m.ExitedAt is null);

    private async Task<long> TrackAsync(int ws, string userId, string @event)
    {
        await store.Events.IngestAsync(ws, [Messages.Track(userId, null, @event, Now)], "test", Now, Ct);
        return (await store.ByExternalIdAsync(ws, userId)).Id;
    }

    private async Task<long> WaitingAsync(string queue) =>
        (await store.Work.BacklogAsync(Now, Ct)).SingleOrDefault(b => b.Queue == queue)?.Waiting ?? 0;

    [Fact]
    public async Task An_ingested_event_leaves_work_that_another_node_does()
    {
        var ws = await WorkspaceWithSegmentAsync("buyers", """{"event": "Order Completed"}""");
        var ingesting = new Upkeep(store);
        await ingesting.RunUntilQuietAsync();

        var id = await TrackAsync(ws, Some.Id("u"), "Order Completed");
        Assert.False(await IsMemberAsync(ws, "buyers", id)); // the ingest only recorded the work

        await new Upkeep(store).RunUntilQuietAsync(); // another node, with nothing in memory
        Assert.True(await IsMemberAsync(ws, "buyers", id));
        Assert.Equal(0, await new Upkeep(store).RunUntilQuietAsync()); // done once: nothing is left for a third
    }

    [Fact]
    public async Task Work_a_node_leased_and_never_finished_is_done_by_another_once_the_lease_runs_out()
    {
        var ws = await WorkspaceWithSegmentAsync("viewers", """{"event": "Product Viewed"}""");
        await new Upkeep(store).RunUntilQuietAsync();
        var id = await TrackAsync(ws, Some.Id("u"), "Product Viewed");

        var (_, taken) = await store.Work.ClaimAsync(WorkQueues.SegmentMembership, Now, WorkTimes.Default.Lease, 500, Ct); // and then it died
        Assert.NotEmpty(taken);
        var survivor = new Upkeep(store);
        await survivor.Segments.RunOnceAsync(Ct);
        Assert.False(await IsMemberAsync(ws, "viewers", id));

        store.Clock.Advance(WorkTimes.Default.Lease + TimeSpan.FromSeconds(1));
        await survivor.Segments.RunOnceAsync(Ct);
        Assert.True(await IsMemberAsync(ws, "viewers", id));
    }

    [Fact]
    public async Task A_segment_of_a_stage_change_is_kept_by_the_work_the_move_causes_not_by_the_full_refresh()
    {
        var ws = await WorkspaceWithSegmentAsync("new-customers",
            """{"event": "Stage Changed", "where": [{"property": "to", "op": "eq", "value": "customer"}]}""");
        var upkeep = new Upkeep(store);
        await upkeep.RunUntilQuietAsync();

        var id = await TrackAsync(ws, Some.Id("u"), "Order Completed"); // value → stage → Stage Changed → segment
        await upkeep.RunUntilQuietAsync(); // the clock stands still: no full refresh comes due

        Assert.Equal(Core.Value.LoyaltyStage.Customer, (await store.Ladder.StageAsync(ws, id, Ct)).Stage);
        Assert.True(await IsMemberAsync(ws, "new-customers", id));
    }

    [Fact]
    public async Task One_round_of_the_upkeep_takes_an_order_through_the_value_the_stage_and_every_segment_they_move()
    {
        var ws = await WorkspaceWithSegmentAsync("buyers", """{"event": "Order Completed"}""");
        await SaveSegmentAsync(ws, "valued", """{"measure": "orders", "op": "gte", "value": 1}""");
        await SaveSegmentAsync(ws, "customers", """{"stage": "customer"}""");
        await SaveSegmentAsync(ws, "new-customers", """{"event": "Stage Changed", "where": [{"property": "to", "op": "eq", "value": "customer"}]}""");
        var upkeep = new Upkeep(store);
        await upkeep.RunUntilQuietAsync();

        var id = await TrackAsync(ws, Some.Id("u"), "Order Completed");
        Assert.True(await upkeep.RunRoundAsync() > 0); // one batch of each worker, as the server's loop runs them between two pauses

        foreach (var segment in new[] { "buyers", "valued", "customers", "new-customers" })
        {
            Assert.True(await IsMemberAsync(ws, segment, id), $"member of {segment} after one round");
        }
    }

    [Fact]
    public async Task A_segment_of_another_segments_entries_is_kept_by_the_work_the_entry_causes()
    {
        var ws = await WorkspaceWithSegmentAsync("pros", """{"trait": "traits.plan", "op": "eq", "value": "pro"}""");
        await SaveSegmentAsync(ws, "became-pro", """{"event": "Segment Entered", "where": [{"property": "segment", "op": "eq", "value": "pros"}]}""");
        var upkeep = new Upkeep(store);
        await upkeep.RunUntilQuietAsync();

        var userId = Some.Id("u");
        await store.Events.IngestAsync(ws, [Messages.Identify(userId, null, new JsonObject { ["plan"] = "pro" }, Now)], "test", Now, Ct);
        await upkeep.RunUntilQuietAsync();

        var id = (await store.ByExternalIdAsync(ws, userId)).Id;
        Assert.True(await IsMemberAsync(ws, "pros", id));
        Assert.True(await IsMemberAsync(ws, "became-pro", id));
    }

    [Fact]
    public async Task Profile_edits_consent_and_imports_record_their_work_in_their_own_transaction()
    {
        var ws = await WorkspaceWithSegmentAsync("vips", """{"all": [{"trait": "traits.vip", "op": "eq", "value": true}, {"consent": {"topic": "news"}}]}""");
        var upkeep = new Upkeep(store);
        await upkeep.RunUntilQuietAsync();

        var added = (await store.Contacts.AddAsync(ws, Some.Contact(Now, Some.Id("vip"), Some.Email()) with { Traits = new JsonObject { ["vip"] = true } }, Ct))!;
        await store.Consent.RecordAsync(ws, new Core.Consent.ConsentRecord(added.Id, "news", Core.Consent.Channel.Email, Core.Consent.ConsentAction.Grant,
            Core.Consent.LegalBasis.Consent, Core.Consent.ConsentSource.Api, new Core.Consent.Evidence(null, "test", null, null, null), null, false, null, null, Now), Ct);
        Assert.True(await WaitingAsync(WorkQueues.SegmentMembership) >= 2);
        await upkeep.RunUntilQuietAsync();
        Assert.True(await IsMemberAsync(ws, "vips", added.Id));

        await store.Imports.UpsertAsync(ws, [new Core.Contacts.ContactChanges
        {
            ExternalId = Core.Contacts.Change<string?>.To(added.ExternalId), Traits = new JsonObject { ["vip"] = false },
        }], Now, Ct);
        await upkeep.RunUntilQuietAsync();
        Assert.False(await IsMemberAsync(ws, "vips", added.Id));
    }

    [Fact]
    public async Task The_scheduled_full_refresh_is_done_by_one_node_and_scheduled_again()
    {
        var ws = await WorkspaceWithSegmentAsync("recent", """{"event": "Product Viewed", "withinDays": 1}""");
        var (a, b) = (new Upkeep(store), new Upkeep(store));
        var id = await TrackAsync(ws, Some.Id("u"), "Product Viewed");
        await a.RunUntilQuietAsync();
        await b.RunUntilQuietAsync();
        Assert.True(await IsMemberAsync(ws, "recent", id));

        store.Clock.Advance(TimeSpan.FromDays(2)); // the window passes: only a full refresh can see it
        Assert.Single(await LookAsync(), w => w.Item is FullRefreshDue && w.WorkspaceId is null);
        Assert.True(await a.Segments.RunOnceAsync(Ct) > 0);
        Assert.DoesNotContain(await LookAsync(), w => w.Item is FullRefreshDue); // nothing of it is left for b

        Assert.False(await IsMemberAsync(ws, "recent", id));
        store.Clock.Advance(WorkTimes.Default.FullRefresh);
        Assert.Single(await LookAsync(), w => w.Item is FullRefreshDue); // a scheduled the next one, a minute on
    }

    /// <summary>The due items of the segment queue, leased for no time: a look that leaves them to the workers.</summary>
    private async Task<IReadOnlyList<StoredWork>> LookAsync() =>
        (await store.Work.ClaimAsync(WorkQueues.SegmentMembership, Now, TimeSpan.Zero, 500, Ct)).Items;
}

public sealed class WorkOnSqlite(SqliteStores store) : WorkContract(store), IClassFixture<SqliteStores>;

public sealed class WorkOnPostgres(PostgresStores store) : WorkContract(store), IClassFixture<PostgresStores>;

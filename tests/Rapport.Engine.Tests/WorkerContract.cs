using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Work;
using Rapport.Testing;

namespace Rapport.Engine.Tests;

/// <summary>
/// The one worker abstraction on both stores and a fake clock: a failing item is tried again with back-off and then
/// parked with its reason while the items beside it are done; the loop takes every wait from the clock.
/// </summary>
public abstract class WorkerContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A customer-value worker whose work fails for one workspace (as a bug or a bad row would make it).</summary>
    private sealed class FailingFor(int workspace, IWorkStore work, IWorkspaceStore workspaces, WorkAnswers answers, TimeProvider clock, ILogger log)
        : QueueWorker(work, workspaces, answers, WorkTimes.Default, clock, log)
    {
        public List<(int Workspace, int Items)> Done { get; } = [];

        public override string Queue => WorkQueues.CustomerValue;

        protected override Task<IReadOnlyDictionary<long, string>?> DoAsync(int workspaceId, IReadOnlyList<StoredWork> items, CancellationToken ct)
        {
            if (workspaceId == workspace && items.Any(i => i.Item is RevalueRequested))
            {
                throw new InvalidOperationException("the ratings table is corrupt");
            }

            Done.Add((workspaceId, items.Count));
            return Task.FromResult<IReadOnlyDictionary<long, string>?>(null);
        }
    }

    [Fact]
    public async Task A_failing_item_is_tried_again_after_5_10_20_and_40_s_then_parked_with_its_reason_and_the_rest_is_done()
    {
        var (bad, good) = ((await store.NewWorkspaceAsync()).Id, (await store.NewWorkspaceAsync()).Id);
        var work = store.Work;
        var log = new ListLogger<FailingFor>();
        var worker = new FailingFor(bad, work, store.Workspaces, new WorkAnswers(work, store.Clock), store.Clock, log);
        await worker.RunOnceAsync(Ct); // whatever other tests left
        var failing = await work.RecordAsync(bad, new RevalueRequested(), store.Clock.GetUtcNow(), Ct);
        await work.RecordAsync(bad, new ContactsChanged([1], Merged: true), store.Clock.GetUtcNow(), Ct);
        await work.RecordAsync(good, new RevalueRequested(), store.Clock.GetUtcNow(), Ct);
        worker.Done.Clear();

        await worker.RunOnceAsync(Ct);
        Assert.Equal([(bad, 1), (good, 1)], worker.Done.Order()); // the share is done item by item
        var tries = new List<int> { 1 };
        foreach (var wait in new[] { 5, 10, 20, 40 })
        {
            store.Clock.Advance(TimeSpan.FromSeconds(wait - 1));
            await worker.RunOnceAsync(Ct);
            Assert.Equal(tries.Count, (await work.GetAsync(failing, Ct))!.Attempts); // not yet
            store.Clock.Advance(TimeSpan.FromSeconds(1));
            await worker.RunOnceAsync(Ct);
            tries.Add((await work.GetAsync(failing, Ct))!.Attempts);
        }

        Assert.Equal([1, 2, 3, 4, 5], tries);
        var parked = await work.GetAsync(failing, Ct);
        Assert.Equal(WorkStatus.Failed, parked!.Status);
        Assert.Equal("InvalidOperationException: the ratings table is corrupt", parked.LastError);
        Assert.Equal([failing], (await work.ListAsync(bad, WorkStatus.Failed, 0, 10, Ct)).Select(w => w.Id));
        Assert.Equal((4, 1), (log.Entries.Count(e => e.Level == LogLevel.Warning), log.Entries.Count(e => e.Level == LogLevel.Error)));
        Assert.Contains("the ratings table is corrupt", log.Entries.Single(e => e.Level == LogLevel.Error).Message, StringComparison.Ordinal);

        store.Clock.Advance(TimeSpan.FromHours(1));
        await worker.RunOnceAsync(Ct);
        Assert.Equal((WorkStatus.Failed, 5), ((await work.GetAsync(failing, Ct))!.Status, (await work.GetAsync(failing, Ct))!.Attempts)); // left alone
        Assert.True(await work.RetryAsync(bad, failing, store.Clock.GetUtcNow(), Ct));
        Assert.False(await work.RetryAsync(good, failing, store.Clock.GetUtcNow(), Ct)); // another workspace's item is not found
        Assert.Equal(WorkStatus.Waiting, (await work.GetAsync(failing, Ct))!.Status);
    }

    [Fact]
    public async Task The_loop_waits_on_the_clock_and_wakes_when_work_is_recorded_in_its_process()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var upkeep = new Upkeep(store);
        await upkeep.RunUntilQuietAsync();
        using var stop = new CancellationTokenSource();
        var loop = new WorkerLoop(store.Clock).RunAsync(upkeep.Segments, stop.Token);
        await store.Segments.SaveAsync(ws, "all", "All", """{"key": "all", "name": "All", "condition": {"trait": "traits.plan", "op": "exists"}}""",
            store.Clock.GetUtcNow(), Ct);
        var contact = await store.Contacts.AddAsync(ws, Some.Contact(store.Clock.GetUtcNow(), Some.Id("c")) with
        {
            Traits = new System.Text.Json.Nodes.JsonObject { ["plan"] = "pro" },
        }, Ct);

        // The bell: the change was recorded by this process, so the loop does it without the clock moving.
        await Eventually.UntilAsync(() => store.Memberships.OfContactAsync(ws, contact!.Id, Ct), m => m.Count == 1, "the loop doing the recorded work");

        // Work recorded by another process rings no bell here: the loop finds it when a second passes on its clock.
        await using (var other = new Storage.Database(store.Options))
        {
            await new Storage.Stores.SegmentStore(other).DeleteAsync(ws, "all", store.Clock.GetUtcNow(), Ct);
        }

        Assert.Null((await store.Memberships.OfContactAsync(ws, contact!.Id, Ct)).Single().ExitedAt);
        store.Clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => store.Memberships.OfContactAsync(ws, contact.Id, Ct), m => m.Single().ExitedAt is not null,
            "the loop looking on its own after a second of its clock");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }
}

public sealed class WorkerOnSqlite(SqliteStores store) : WorkerContract(store), IClassFixture<SqliteStores>;

public sealed class WorkerOnPostgres(PostgresStores store) : WorkerContract(store), IClassFixture<PostgresStores>;

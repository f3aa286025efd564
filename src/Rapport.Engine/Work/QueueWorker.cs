using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Engine.Work;

/// <summary>
/// A worker of one queue of stored work items. A batch: lease the due items (oldest first), hand each workspace's share
/// to <see cref="DoAsync"/> at once (so a contact changed by many batches is handled once), record them done. When a
/// share fails, its items are done one at a time, so that only the item at fault is tried again after a pause, and
/// parked as failed with its reason at the last try (<see cref="WorkRetry"/>); work that knows which of its items failed
/// says so (<see cref="ItemsFailed"/>), and the others are done at once. Scheduled work (no workspace) is done
/// by whichever node leases it, which schedules the next one in the same transaction as it records it done.
/// </summary>
public abstract class QueueWorker : IWorker
{
    private static readonly TimeSpan LagWarning = TimeSpan.FromSeconds(30);
    private readonly IWorkStore _work;
    private readonly IWorkspaceStore _workspaces;
    private readonly WorkAnswers _answers;
    private readonly ILogger _log;
    private bool _scheduled;
    private DateTimeOffset _lastLagWarning = DateTimeOffset.MinValue;

    protected QueueWorker(IWorkStore work, IWorkspaceStore workspaces, WorkAnswers answers, WorkTimes times, TimeProvider clock, ILogger log)
    {
        Times = times;
        _workspaces = workspaces;
        _work = work;
        _answers = answers;
        _log = log;
        Clock = clock;
        work.Recorded += queue =>
        {
            if (queue == Queue)
            {
                Bell.Ring();
            }
        };
    }

    /// <summary>The upkeep's queue workers (value, ladder, segments) among <paramref name="workers"/>, in the order a round runs them (<see cref="WorkQueues.TurnOf"/>).</summary>
    public static IReadOnlyList<IWorker> InTurn(IEnumerable<IWorker> workers) =>
        workers.OfType<QueueWorker>().Where(w => WorkQueues.TurnOf(w.Queue) >= 0).OrderBy(w => WorkQueues.TurnOf(w.Queue)).ToList<IWorker>();

    /// <summary>The queue it works.</summary>
    public abstract string Queue { get; }

    public string Name => Queue;

    public WorkBell Bell { get; } = new();

    /// <summary>The most items one batch leases.</summary>
    public int BatchSize { get; init; } = 500;

    protected TimeProvider Clock { get; }

    protected WorkTimes Times { get; }

    /// <summary>The scheduled work of this queue and how often it comes (null: none).</summary>
    protected virtual (WorkItem Item, TimeSpan Every)? Schedule => null;

    /// <summary>When the first scheduled work comes, after a node starts where none waits yet (a new database).</summary>
    protected virtual TimeSpan FirstScheduledIn => Schedule?.Every ?? TimeSpan.Zero;

    /// <summary>Does one workspace's share of a batch; returns the answers for the items that asked for one, by id.</summary>
    protected abstract Task<IReadOnlyDictionary<long, string>?> DoAsync(int workspaceId, IReadOnlyList<StoredWork> items, CancellationToken ct);

    /// <summary>Does the scheduled work (<see cref="Schedule"/>) for one workspace.</summary>
    protected virtual Task DoScheduledAsync(int workspaceId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>What the queue does besides when an item is parked as failed, its last attempt failed too (nothing, unless overridden).</summary>
    protected virtual Task OnParkedAsync(StoredWork item, string reason, CancellationToken ct) => Task.CompletedTask;

    private async Task<IReadOnlyDictionary<long, string>?> DoAnyAsync(int? workspaceId, IReadOnlyList<StoredWork> items, CancellationToken ct)
    {
        if (workspaceId is { } id)
        {
            return await DoAsync(id, items, ct);
        }

        foreach (var each in await _workspaces.IdsAsync(ct))
        {
            await DoScheduledAsync(each, ct);
        }

        return null;
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        if (!_scheduled && Schedule is var (item, _))
        {
            await _work.ScheduleAsync(Queue, item, now + FirstScheduledIn, now, ct);
            _scheduled = true;
        }

        var (lease, items) = await _work.ClaimAsync(Queue, now, Times.Lease, BatchSize, ct);
        WarnOfLag(items, now);
        foreach (var share in items.GroupBy(i => i.WorkspaceId))
        {
            await DoShareAsync(lease, share.Key, share.ToList(), ct);
        }

        return items.Count;
    }

    private async Task DoShareAsync(long lease, int? workspaceId, List<StoredWork> items, CancellationToken ct)
    {
        IReadOnlyDictionary<long, string>? answers;
        try
        {
            answers = await DoAnyAsync(workspaceId, items, ct);
        }
        catch (ItemsFailed failed) when (!ct.IsCancellationRequested)
        {
            // The work knows which of its items failed: the others are done, and only these are tried again.
            await CompleteAsync(lease, workspaceId, items.Where(i => !failed.Reasons.ContainsKey(i.Id)).ToList(), null, ct);
            foreach (var item in items.Where(i => failed.Reasons.ContainsKey(i.Id)))
            {
                await FailAsync(lease, item, failed.Reasons[item.Id], ct);
            }

            return;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Whatever went wrong, the other items, the other workspaces and the other queues go on.
            if (items.Count > 1)
            {
                foreach (var item in items)
                {
                    await DoShareAsync(lease, workspaceId, [item], ct);
                }

                return;
            }

            await FailAsync(lease, items[0], $"{e.GetType().Name}: {e.Message}", ct);
            return;
        }

        await CompleteAsync(lease, workspaceId, items, answers, ct);
    }

    private async Task CompleteAsync(long lease, int? workspaceId, List<StoredWork> items, IReadOnlyDictionary<long, string>? answers, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return;
        }

        var now = Clock.GetUtcNow();
        var next = workspaceId is null && Schedule is var (scheduled, every) ? (Queue, scheduled, now + every) : ((string, WorkItem, DateTimeOffset)?)null;
        await _work.CompleteAsync(lease, items.Select(i => i.Id).ToList(), answers, next, now, ct);
        _answers.Finished(items.Select(i => i.Id));
    }

    private async Task FailAsync(long lease, StoredWork item, string reason, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var wait = WorkRetry.WaitAfter(item.Attempts);
        var recorded = await _work.FailAsync(lease, item.Id, reason, now + wait, now, ct);
        if (wait is null)
        {
            _log.LogError("Work item {Id} ({Kind}) of {Queue}, workspace {Workspace}, is parked as failed after {Attempts} attempts: {Reason}. " +
                          "GET /api/v1/work?status=failed lists it; POST /api/v1/work/{Id}/retry tries it again.",
                item.Id, item.Item.KindName, Queue, item.WorkspaceId, item.Attempts, WorkRetry.Reason(reason), item.Id);
            _answers.Finished([item.Id]);
            if (recorded)
            {
                await ParkedAsync(item, reason, ct);
            }

            return;
        }

        _log.LogWarning("Work item {Id} ({Kind}) of {Queue}, workspace {Workspace}, failed ({Attempts} of {ParkAt}); it is tried again in {Wait} s: {Reason}",
            item.Id, item.Item.KindName, Queue, item.WorkspaceId, item.Attempts, WorkRetry.ParkAt, wait.Value.TotalSeconds, WorkRetry.Reason(reason));
    }

    /// <summary>Runs <see cref="OnParkedAsync"/>; when that fails, the item stays parked and the operator is told.</summary>
    private async Task ParkedAsync(StoredWork item, string reason, CancellationToken ct)
    {
        try
        {
            await OnParkedAsync(item, reason, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _log.LogError("Work item {Id} ({Kind}) of {Queue} is parked, but recording it elsewhere failed: {Reason}",
                item.Id, item.Item.KindName, Queue, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Tells the operator, at most once a minute, when the queue's work waits long before it is done: the worker is behind.</summary>
    private void WarnOfLag(IReadOnlyList<StoredWork> items, DateTimeOffset now)
    {
        if (items.Count == 0 || now - _lastLagWarning < TimeSpan.FromMinutes(1))
        {
            return;
        }

        var lag = now - items.Min(i => i.DueAt);
        if (lag > LagWarning)
        {
            _lastLagWarning = now;
            _log.LogWarning("{Queue} is {Lag:N0} s behind: its oldest due item waited that long before a worker took it", Queue, lag.TotalSeconds);
        }
    }
}

using System.Threading.Channels;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Core.Value;
using Rapport.Engine.Value;

namespace Rapport.Engine.Segments;

/// <summary>
/// Keeps stored segment membership, customer value and loyalty stages current. A change to some contacts
/// (an ingested batch, a profile edit, a consent change) re-rates the buyers among them, moves on the ladder
/// those whose stage rules it touches, and re-evaluates only those contacts in only the segments that
/// depend on what changed; a saved segment is evaluated for everyone at once. On a schedule every stage and
/// segment is refreshed in full (time windows passing, imports by other processes), and every value is
/// re-rated against the whole population once a day. A segment that fails to evaluate holds up no other
/// (<see cref="SegmentFailures"/>): it is tried again a few times, then parked until a new version is saved.
/// </summary>
public sealed class SegmentMaintainer(
    SegmentCatalog catalog, IWorkspaceStore workspaces, IMembershipStore memberships, CustomerValues values, SegmentFailures failures, TimeProvider clock)
{
    private DateTimeOffset _nextValueRefresh = DateTimeOffset.MinValue;

    /// <summary>How often every value is re-rated against the whole population.</summary>
    public TimeSpan ValueRefresh { get; set; } = TimeSpan.FromDays(1);

    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>();

    public void Notify(ContactChange change)
    {
        if (change.Contacts.Count > 0)
        {
            _work.Writer.TryWrite(new Work(change.WorkspaceId, change, null));
        }
    }

    /// <summary>A segment was saved or deleted: evaluate it (and the segments that refer to it) for everyone.</summary>
    public void SegmentChanged(int workspaceId, string key)
    {
        failures.Forget(workspaceId, key);
        _work.Writer.TryWrite(new Work(workspaceId, null, key));
    }

    /// <summary>
    /// Re-rates everyone in the workspace, puts everyone on their stage and refreshes every segment, in turn with
    /// the other upkeep (settings or the ladder changed, or an operator asked). Returns how many contacts have
    /// a value, and how many moved on the ladder.
    /// </summary>
    public Task<(int Valued, int Moves)> RevalueAsync(int workspaceId, CancellationToken ct)
    {
        var done = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Writer.TryWrite(new Work(workspaceId, null, null, done));
        return done.Task.WaitAsync(ct);
    }

    /// <summary>Handles changes as they come, and refreshes every segment each <paramref name="fullRefresh"/>.</summary>
    public async Task RunAsync(TimeSpan fullRefresh, CancellationToken ct)
    {
        var next = clock.GetUtcNow() + fullRefresh;
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Until(failures.NextRetry is { } retry && retry < next ? retry : next));
            try
            {
                await _work.Reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // time for the full refresh
            }

            var round = System.Diagnostics.Stopwatch.StartNew();
            if (await ApplyPendingAsync(ct) > 0)
            {
                await PauseAsync(round.Elapsed, ct);
            }

            await RetryFailedAsync(ct);

            if (clock.GetUtcNow() >= next)
            {
                await RefreshEverythingAsync(ct);
                next = clock.GetUtcNow() + fullRefresh;
            }
        }
    }

    /// <summary>Applies every change waiting, merged per workspace. Returns how many were waiting.</summary>
    public async Task<int> ApplyPendingAsync(CancellationToken ct)
    {
        var pending = new List<Work>();
        while (_work.Reader.TryRead(out var item))
        {
            pending.Add(item);
        }

        foreach (var workspace in pending.GroupBy(w => w.WorkspaceId))
        {
            try
            {
                await ApplyAsync(workspace.Key, workspace.ToList(), ct);
            }
            catch (Exception e)
            {
                foreach (var work in workspace)
                {
                    if (work.Revalued is { } done)
                    {
                        done.TrySetException(e);
                    }
                    else
                    {
                        _work.Writer.TryWrite(work); // nothing is lost: the next round tries again
                    }
                }

                throw;
            }
        }

        return pending.Count;
    }

    /// <summary>Tries again the failed segments whose wait is over, each for everyone.</summary>
    public async Task RetryFailedAsync(CancellationToken ct)
    {
        foreach (var workspaceId in failures.DueWorkspaces())
        {
            var current = await catalog.ReadAllAsync(workspaceId, ct);
            foreach (var segment in current.Stored.Where(s => failures.IsRetryDue(workspaceId, s)))
            {
                await RefreshAsync(workspaceId, segment, current, clock.GetUtcNow(), null, ct);
            }
        }
    }

    private async Task ApplyAsync(int workspaceId, List<Work> work, CancellationToken ct)
    {
        var current = await catalog.ReadAllAsync(workspaceId, ct);
        var definitions = current.Definitions;
        var saved = work.Select(w => w.SegmentKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var key in saved.Where(k => current.Stored.All(s => s.Key != k)))
        {
            await memberships.CloseAsync(workspaceId, key, clock.GetUtcNow(), ct);
        }

        var revalues = work.Select(w => w.Revalued).OfType<TaskCompletionSource<(int, int)>>().ToList();
        if (revalues.Count > 0)
        {
            var valued = await values.RefreshAllAsync(workspaceId, ct);
            var moves = await values.RefreshStagesAsync(workspaceId, null, ct);
            await RefreshSegmentsAsync(workspaceId, ct); // covers every other change waiting for this workspace
            revalues.ForEach(r => r.TrySetResult((valued, moves.Count)));
            return;
        }

        var changes = await WithValueChangesAsync(workspaceId, work.Select(w => w.Change).OfType<ContactChange>().ToList(), ct);
        var now = clock.GetUtcNow();
        foreach (var segment in current.Stored.Where(s => failures.MayRun(workspaceId, s)))
        {
            if (!definitions.TryGetValue(segment.Key, out var definition))
            {
                await RefreshAsync(workspaceId, segment, current, now, null, ct); // parks it: it does not read
                continue;
            }

            var dependencies = SegmentDependencies.Of(definition.Condition, definitions.GetValueOrDefault);
            if (saved.Contains(segment.Key) || SegmentReferences.Of(definition.Condition).Any(saved.Contains))
            {
                await RefreshAsync(workspaceId, segment, current, now, null, ct);
                continue;
            }

            var contacts = changes.Where(dependencies.IsAffectedBy).SelectMany(c => c.Contacts).ToHashSet();
            if (contacts.Count > 0)
            {
                await RefreshAsync(workspaceId, segment, current, now, contacts, ct);
            }
        }
    }

    /// <summary>One segment's membership, for <paramref name="contacts"/> or (null) everyone; a failure is recorded and the round goes on.</summary>
    private Task RefreshAsync(
        int workspaceId, StoredSegment segment, CurrentSegments current, DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct) =>
        current.Unreadable.TryGetValue(segment.Key, out var problem)
            ? failures.ParkAsync(workspaceId, segment, problem, ct)
            : failures.RunAsync(workspaceId, segment, () => memberships.RefreshAsync(
                workspaceId, segment.Key, current.Definitions[segment.Key].Condition, current.Definitions.GetValueOrDefault, now, contacts, ct), ct);

    /// <summary>Every stage and segment for everyone; every value too once <see cref="ValueRefresh"/> has passed.</summary>
    public async Task RefreshEverythingAsync(CancellationToken ct)
    {
        var rateEveryone = clock.GetUtcNow() >= _nextValueRefresh;
        foreach (var workspaceId in await workspaces.IdsAsync(ct))
        {
            if (rateEveryone)
            {
                await values.RefreshAllAsync(workspaceId, ct);
            }

            await values.RefreshStagesAsync(workspaceId, null, ct);
            await RefreshSegmentsAsync(workspaceId, ct);
        }

        _nextValueRefresh = rateEveryone ? clock.GetUtcNow() + ValueRefresh : _nextValueRefresh;
    }

    private async Task RefreshSegmentsAsync(int workspaceId, CancellationToken ct)
    {
        var current = await catalog.ReadAllAsync(workspaceId, ct);
        foreach (var segment in current.Stored.Where(s => failures.MayRun(workspaceId, s)))
        {
            await RefreshAsync(workspaceId, segment, current, clock.GetUtcNow(), null, ct);
        }
    }

    /// <summary>
    /// Re-rates the contacts who bought or were refunded, then moves on the ladder those whose stage rules the
    /// changes touch; returns the changes with the value and stage changes added.
    /// </summary>
    private async Task<List<ContactChange>> WithValueChangesAsync(int workspaceId, List<ContactChange> changes, CancellationToken ct)
    {
        var buyers = changes.Where(c => c.Merged || c.Events.Any(PurchaseHistory.EventNames.Contains)).SelectMany(c => c.Contacts).ToHashSet();
        if (buyers.Count > 0)
        {
            await values.RefreshContactsAsync(workspaceId, buyers, ct);
            changes.Add(new ContactChange(workspaceId, buyers, Profile: false, Consent: false, Events: [], Value: true));
        }

        var ladder = await values.LadderAsync(workspaceId, ct);
        var rules = SegmentDependencies.Of(new AnyOf(ladder.Rules.Select(r => r.Condition).ToList()), _ => null);
        var touched = changes.Where(rules.IsAffectedBy).SelectMany(c => c.Contacts).ToHashSet();
        if (touched.Count > 0 && ladder.Rules.Count > 0)
        {
            var moved = await values.RefreshStagesAsync(workspaceId, touched, ct);
            changes.Add(new ContactChange(workspaceId, moved.Select(m => m.ContactId).ToList(), Profile: false, Consent: false, Events: [], Value: true));
        }

        return changes;
    }

    /// <summary>
    /// After a round that did work, waits twice as long as it took (at most a second), so that under a stream of
    /// changes the upkeep takes at most a third of the time and each round handles the changes of many batches at
    /// once (a contact in several of them is re-evaluated once). Real time: it paces work, it is not a deadline.
    /// </summary>
    private static Task PauseAsync(TimeSpan round, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromTicks(Math.Min(2 * round.Ticks, TimeSpan.TicksPerSecond)), ct);

    private TimeSpan Until(DateTimeOffset next)
    {
        var left = next - clock.GetUtcNow();
        return left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
    }

    private sealed record Work(int WorkspaceId, ContactChange? Change, string? SegmentKey, TaskCompletionSource<(int, int)>? Revalued = null);
}

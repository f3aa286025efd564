using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Engine.Segments;

/// <summary>
/// What the upkeep does with a segment whose evaluation fails, so that it holds up no other segment and does not
/// fail every second forever: its failure and its retry for everyone are stored together, the retry comes after the
/// waits of <see cref="WorkRetry"/> (5, 10, 20, 40 s), and at the last failure it is parked with its reason (GET
/// /api/v1/segments/{key} shows it; logged once, at Error) until a new version is saved. A stored definition that does
/// not read is parked at once: trying again cannot help. Between a failure and its retry, changes to contacts leave the
/// segment alone: the retry evaluates it for everyone.
/// </summary>
public sealed class SegmentFailures(ISegmentStore store, ILogger<SegmentFailures> log, TimeProvider clock)
{
    /// <summary>Whether changes to some contacts may evaluate the segment now: it is not parked, nor waiting to be tried again.</summary>
    public static bool MayRun(StoredSegment segment) => segment is { ParkedAt: null, Failures: 0 };

    /// <summary>Runs one segment's evaluation; a failure is recorded (the segment waits for its retry, or is parked) instead of ending the round.</summary>
    public async Task RunAsync(int workspaceId, StoredSegment segment, Func<Task> evaluate, CancellationToken ct)
    {
        try
        {
            await evaluate();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Whatever this segment's evaluation ran into, the other segments go on.
            await FailedAsync(workspaceId, segment, $"{e.GetType().Name}: {e.Message}", ct);
            return;
        }

        if (segment.Failures > 0)
        {
            await store.ClearFailuresAsync(workspaceId, segment.Key, segment.Version, ct);
        }
    }

    /// <summary>Records a failed evaluation: the segment waits for its retry for everyone, or is parked at the last failure.</summary>
    public Task FailedAsync(int workspaceId, StoredSegment segment, string reason, CancellationToken ct) =>
        FailedAsync(workspaceId, segment, reason, parkNow: false, ct);

    /// <summary>Parks a segment that cannot be evaluated at all (its stored definition does not read).</summary>
    public Task ParkAsync(int workspaceId, StoredSegment segment, string reason, CancellationToken ct) =>
        FailedAsync(workspaceId, segment, reason, parkNow: true, ct);

    private async Task FailedAsync(int workspaceId, StoredSegment segment, string reason, bool parkNow, CancellationToken ct)
    {
        var why = WorkRetry.Reason(reason);
        var (failures, parked) = await store.RecordFailureAsync(workspaceId, segment.Key, segment.Version, why, parkNow, clock.GetUtcNow(), ct);
        if (parked)
        {
            log.LogError("Segment {Key} (version {Version}, workspace {Workspace}) is parked after {Failures} failed evaluation(s): {Reason}. " +
                         "It is not evaluated again until a new version is saved.", segment.Key, segment.Version, workspaceId, failures, why);
            return;
        }

        log.LogWarning("Segment {Key} (version {Version}, workspace {Workspace}) failed to evaluate ({Failures} of {ParkAt}); it is tried again in {Wait} s: {Reason}",
            segment.Key, segment.Version, workspaceId, failures, WorkRetry.ParkAt, WorkRetry.WaitAfter(failures)?.TotalSeconds, why);
    }
}

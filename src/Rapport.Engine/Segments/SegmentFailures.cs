using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;

namespace Rapport.Engine.Segments;

/// <summary>
/// What the upkeep does with a segment whose evaluation fails, so that it holds up no other segment and does not
/// fail every second forever: it is tried again after 5, 10, 20 and 40 s, and at the fifth failure in a row it is
/// parked with its reason (stored, so GET /api/v1/segments/{key} shows it; logged once, at Error) and left alone
/// until a new version is saved. A stored definition that does not read is parked at once: trying again cannot help.
/// </summary>
public sealed class SegmentFailures(ISegmentStore store, ILogger<SegmentFailures> log, TimeProvider clock)
{
    /// <summary>The failed evaluations in a row that park a segment.</summary>
    public const int ParkAt = 5;

    private const int MaxReason = 1000;
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(int Workspace, string Key, int Version), DateTimeOffset> _retries = new();

    /// <summary>When the next failed segment is due to be tried again (null: none waits).</summary>
    public DateTimeOffset? NextRetry => _retries.IsEmpty ? null : _retries.Values.Min();

    /// <summary>The workspaces with a failed segment due to be tried again now.</summary>
    public IReadOnlyList<int> DueWorkspaces() =>
        _retries.Where(r => r.Value <= clock.GetUtcNow()).Select(r => r.Key.Workspace).Distinct().ToList();

    /// <summary>Whether the upkeep may evaluate the segment now: it is not parked, nor waiting to be tried again.</summary>
    public bool MayRun(int workspaceId, StoredSegment segment) =>
        segment.ParkedAt is null && (!_retries.TryGetValue((workspaceId, segment.Key, segment.Version), out var due) || due <= clock.GetUtcNow());

    /// <summary>Whether the segment failed and its wait is over.</summary>
    public bool IsRetryDue(int workspaceId, StoredSegment segment) =>
        segment.ParkedAt is null && _retries.TryGetValue((workspaceId, segment.Key, segment.Version), out var due) && due <= clock.GetUtcNow();

    /// <summary>A segment was saved or deleted: its new version starts with a clean record.</summary>
    public void Forget(int workspaceId, string key)
    {
        foreach (var retry in _retries.Keys.Where(r => r.Workspace == workspaceId && r.Key == key))
        {
            _retries.TryRemove(retry, out _);
        }
    }

    /// <summary>Runs one segment's evaluation; a failure is recorded (the segment waits, or is parked) instead of ending the round.</summary>
    public async Task RunAsync(int workspaceId, StoredSegment segment, Func<Task> evaluate, CancellationToken ct)
    {
        try
        {
            await evaluate();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Whatever this segment's evaluation ran into, the other segments and the ladder go on.
            await FailedAsync(workspaceId, segment, $"{e.GetType().Name}: {e.Message}", ParkAt, ct);
            return;
        }

        if (_retries.TryRemove((workspaceId, segment.Key, segment.Version), out _) || segment.Failures > 0)
        {
            await store.ClearFailuresAsync(workspaceId, segment.Key, segment.Version, ct);
        }
    }

    /// <summary>Parks a segment that cannot be evaluated at all (its stored definition does not read).</summary>
    public Task ParkAsync(int workspaceId, StoredSegment segment, string reason, CancellationToken ct) =>
        FailedAsync(workspaceId, segment, reason, 1, ct);

    private async Task FailedAsync(int workspaceId, StoredSegment segment, string reason, int parkAt, CancellationToken ct)
    {
        var key = (workspaceId, segment.Key, segment.Version);
        var why = reason.Length <= MaxReason ? reason : reason[..MaxReason];
        var (failures, parked) = await store.RecordFailureAsync(workspaceId, segment.Key, segment.Version, why, parkAt, clock.GetUtcNow(), ct);
        if (parked)
        {
            _retries.TryRemove(key, out _);
            log.LogError("Segment {Key} (version {Version}, workspace {Workspace}) is parked after {Failures} failed evaluation(s): {Reason}. " +
                         "It is not evaluated again until a new version is saved.", segment.Key, segment.Version, workspaceId, failures, why);
            return;
        }

        var wait = FirstWait * Math.Pow(2, Math.Max(0, failures - 1));
        _retries[key] = clock.GetUtcNow() + wait;
        log.LogWarning("Segment {Key} (version {Version}, workspace {Workspace}) failed to evaluate ({Failures} of {ParkAt}); it is tried again in {Wait} s: {Reason}",
            segment.Key, segment.Version, workspaceId, failures, ParkAt, wait.TotalSeconds, why);
    }
}

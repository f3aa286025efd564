using Microsoft.Extensions.Logging;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Engine.Work;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Wakes the instances whose time has come (a wait's end, a timeout of silence): leases a batch of due instances of active
/// journeys from the store (PostgreSQL: SKIP LOCKED, so nodes share them) and steps them as one batch per workspace. When
/// a batch fails, its instances are stepped one by one: an instance whose step fails keeps its lease until it runs out,
/// then is tried again; the others go on.
/// </summary>
public sealed class JourneyTimers(JourneyRunner runner, IJourneyStore journeys, WorkTimes times, TimeProvider clock, ILogger<JourneyTimers> log) : IWorker
{
    /// <summary>How many due instances one batch leases.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Timers are due at a time: a full batch means more are late, and the next follows at once.</summary>
    public int? CatchesUpAt => BatchSize;

    public string Name => "journey-timers";

    public WorkBell Bell { get; } = new();

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var due = await journeys.LeaseDueAsync(clock.GetUtcNow(), times.Lease, BatchSize, ct);
        foreach (var batch in due.GroupBy(d => d.WorkspaceId))
        {
            var instances = batch.Select(d => d.Instance).ToList();
            try
            {
                await runner.StepLatestAsync(batch.Key, instances, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested && instances.Count > 1)
            {
                foreach (var instance in instances) // one by one: only the instance at fault waits for its lease to run out
                {
                    await StepAloneAsync(batch.Key, instance, ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Failed(batch.Key, instances[0], e);
            }
        }

        return due.Count;
    }

    private async Task StepAloneAsync(int workspaceId, JourneyInstance instance, CancellationToken ct)
    {
        try
        {
            await runner.StepLatestAsync(workspaceId, [instance], ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Failed(workspaceId, instance, e);
        }
    }

    private void Failed(int workspaceId, JourneyInstance instance, Exception e) =>
        log.LogWarning("Journey instance {Id} ({Journey}) of workspace {Workspace} failed a step; it is tried again in {Lease} s: {Reason}",
            instance.Id, instance.Journey, workspaceId, times.Lease.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
}

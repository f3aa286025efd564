using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Engine.Work;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Wakes the instances whose time has come (a wait's end, a timeout of silence): leases a batch of due instances of active
/// journeys from the store (PostgreSQL: SKIP LOCKED, so nodes share them) and steps each. An instance whose step fails
/// keeps its lease until it runs out, then is tried again; the others go on.
/// </summary>
public sealed class JourneyTimers(JourneyRunner runner, IJourneyStore journeys, WorkTimes times, TimeProvider clock, ILogger<JourneyTimers> log) : IWorker
{
    /// <summary>How many due instances one batch leases.</summary>
    public int BatchSize { get; init; } = 500;

    public string Name => "journey-timers";

    public WorkBell Bell { get; } = new();

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var due = await journeys.LeaseDueAsync(clock.GetUtcNow(), times.Lease, BatchSize, ct);
        foreach (var (workspaceId, instance) in due)
        {
            try
            {
                await runner.StepLatestAsync(workspaceId, instance, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Journey instance {Id} ({Journey}) of workspace {Workspace} failed a step; it is tried again in {Lease} s: {Reason}",
                    instance.Id, instance.Journey, workspaceId, times.Lease.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
            }
        }

        return due.Count;
    }
}

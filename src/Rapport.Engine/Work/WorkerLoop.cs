namespace Rapport.Engine.Work;

/// <summary>
/// Runs workers for as long as the host runs: a batch whenever work may be due, paced by a <see cref="WorkPace"/> so
/// that under a stream of work they take at most a third of the time and each batch takes in the work of many changes
/// at once, while a change that meets a rested loop is done at once. A worker whose work is due at a time (journey
/// timers) catches up: a round in which it took a full batch (<see cref="IWorker.CatchesUpAt"/>) is followed by the next
/// at once, neither paused nor counted, until a batch is partial. The others (the upkeep, the journeys' wake-ups) keep
/// what ingest changes and are paced even when behind, so that ingest keeps its share. Between batches a loop waits for its workers'
/// bells, or looks on its own every <see cref="Look"/> (work recorded by another node, retries coming due). Every wait
/// is on the injected clock.
/// </summary>
public sealed class WorkerLoop(TimeProvider clock)
{
    /// <summary>How often an idle worker looks for work no bell told it of.</summary>
    public TimeSpan Look { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The work the loop may do straight after a rest before it pauses (<see cref="WorkPace"/>).</summary>
    public TimeSpan Burst { get; init; } = TimeSpan.FromMilliseconds(250);

    public Task RunAsync(IWorker worker, CancellationToken ct) => RunAsync([worker], ct);

    /// <summary>
    /// Runs <paramref name="workers"/> in turn, a batch of each a round, paced on the time of the whole round: workers
    /// that keep one another's work (value, ladder, segments) share the third of the time, instead of taking a third each.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<IWorker> workers, CancellationToken ct)
    {
        var bells = workers.Select(w => w.Bell).ToList();
        var pace = new WorkPace(Burst);
        var lastWorked = clock.GetTimestamp();
        while (true)
        {
            ct.ThrowIfCancellationRequested(); // a stop always ends the loop the same way, whether it came in a round or in a pause
            bells.ForEach(b => b.Reset());
            var started = clock.GetTimestamp();
            var done = 0;
            var behind = false;
            foreach (var worker in workers)
            {
                var handled = await worker.RunOnceAsync(ct);
                done += handled;
                behind |= worker.CatchesUpAt is { } full && handled >= full;
            }

            if (behind)
            {
                lastWorked = clock.GetTimestamp();
                continue;
            }

            if (done > 0)
            {
                var pause = pace.PauseAfter(clock.GetElapsedTime(lastWorked, started), clock.GetElapsedTime(started));
                lastWorked = clock.GetTimestamp();
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, clock, ct);
                }

                continue;
            }

            await WorkBell.WaitAnyAsync(bells, Look, clock, ct);
        }
    }
}

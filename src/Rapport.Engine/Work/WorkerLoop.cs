namespace Rapport.Engine.Work;

/// <summary>
/// Runs a worker for as long as the host runs: a batch whenever work may be due, each batch followed by a pause twice
/// as long as it took (at most a second), so that under a stream of work a worker takes at most a third of the time
/// and each batch takes in the work of many changes at once. A full batch (<see cref="IWorker.BatchSize"/> items) takes
/// no pause: the worker is behind, and the next batch follows at once until one is partial. Between batches it waits for its bell, or looks on its
/// own every <see cref="Look"/> (work recorded by another node, retries coming due). Every wait is on the injected clock.
/// </summary>
public sealed class WorkerLoop(TimeProvider clock)
{
    /// <summary>How often an idle worker looks for work no bell told it of.</summary>
    public TimeSpan Look { get; init; } = TimeSpan.FromSeconds(1);

    public Task RunAsync(IWorker worker, CancellationToken ct) => RunAsync([worker], ct);

    /// <summary>
    /// Runs <paramref name="workers"/> in turn, a batch of each a round, paced on the time of the whole round: workers
    /// that keep one another's work (value, ladder, segments) share the third of the time, instead of taking a third each.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<IWorker> workers, CancellationToken ct)
    {
        var bells = workers.Select(w => w.Bell).ToList();
        while (!ct.IsCancellationRequested)
        {
            bells.ForEach(b => b.Reset());
            var started = clock.GetTimestamp();
            var done = 0;
            var behind = false;
            foreach (var worker in workers)
            {
                var handled = await worker.RunOnceAsync(ct);
                done += handled;
                behind |= handled >= worker.BatchSize;
            }

            if (behind)
            {
                continue;
            }

            if (done > 0)
            {
                var took = clock.GetElapsedTime(started);
                await Task.Delay(TimeSpan.FromTicks(Math.Min(2 * took.Ticks, TimeSpan.TicksPerSecond)), clock, ct);
                continue;
            }

            await WorkBell.WaitAnyAsync(bells, Look, clock, ct);
        }
    }
}

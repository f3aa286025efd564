namespace Rapport.Engine.Work;

/// <summary>
/// Runs a worker for as long as the host runs: a batch whenever work may be due, each batch followed by a pause twice
/// as long as it took (at most a second), so that under a stream of work a worker takes at most a third of the time
/// and each batch takes in the work of many changes at once. Between batches it waits for its bell, or looks on its
/// own every <see cref="Look"/> (work recorded by another node, retries coming due). Every wait is on the injected clock.
/// </summary>
public sealed class WorkerLoop(TimeProvider clock)
{
    /// <summary>How often an idle worker looks for work no bell told it of.</summary>
    public TimeSpan Look { get; init; } = TimeSpan.FromSeconds(1);

    public async Task RunAsync(IWorker worker, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            worker.Bell.Reset();
            var started = clock.GetTimestamp();
            if (await worker.RunOnceAsync(ct) > 0)
            {
                var took = clock.GetElapsedTime(started);
                await Task.Delay(TimeSpan.FromTicks(Math.Min(2 * took.Ticks, TimeSpan.TicksPerSecond)), clock, ct);
                continue;
            }

            await worker.Bell.WaitAsync(Look, clock, ct);
        }
    }
}

using Rapport.Core.Ports;

namespace Rapport.Engine.Work;

/// <summary>
/// Reads every queue's backlog from the store every <see cref="Every"/> and keeps it for the work gauges of
/// <see cref="RapportMetrics"/> (a scrape answers from memory: it never waits for the database).
/// </summary>
public sealed class BacklogWatch : IWorker
{
    private readonly IWorkStore _work;
    private readonly TimeProvider _clock;
    private IReadOnlyList<WaitingWork> _last = [];
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public BacklogWatch(IWorkStore work, RapportMetrics metrics, TimeProvider clock)
    {
        _work = work;
        _clock = clock;
        metrics.ObserveWork(() => Volatile.Read(ref _last));
    }

    public static TimeSpan Every { get; } = TimeSpan.FromSeconds(10);

    public string Name => "work-backlog";

    public WorkBell Bell { get; } = new();

    /// <summary>Reads the backlog when it is time; it is never work of its own (returns 0), so it takes no pause.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (now >= _next)
        {
            var backlog = await _work.BacklogAsync(now, ct);
            Volatile.Write(ref _last, backlog.Select(b => new WaitingWork(b.Queue, b.Waiting,
                b.OldestWaitingSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0)).ToList());
            _next = now + Every;
        }

        return 0;
    }
}

namespace Rapport.Engine.Work;

/// <summary>Wakes a waiting worker: work was recorded in this process, so it need not wait for its next look.</summary>
public sealed class WorkBell
{
    private TaskCompletionSource _rung = NewRing();

    public void Ring() => Volatile.Read(ref _rung).TrySetResult();

    /// <summary>Forgets the rings so far. The loop calls it before it looks for work, so a ring while it works is kept for its next wait.</summary>
    public void Reset()
    {
        var rung = Volatile.Read(ref _rung);
        if (rung.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _rung, NewRing(), rung);
        }
    }

    /// <summary>Waits until the bell rings (or rang since <see cref="Reset"/>) or <paramref name="timeout"/> passes on <paramref name="clock"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct) => WaitAnyAsync([this], timeout, clock, ct);

    /// <summary>Waits until one of <paramref name="bells"/> rings (or rang since its reset) or <paramref name="timeout"/> passes.</summary>
    public static async Task WaitAnyAsync(IReadOnlyList<WorkBell> bells, TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        var rung = bells.Select(b => Volatile.Read(ref b._rung).Task).ToList();
        if (rung.Any(r => r.IsCompleted))
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny([.. rung, Task.Delay(timeout, clock, stop.Token)]);
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewRing() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

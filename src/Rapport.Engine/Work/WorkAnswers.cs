using System.Collections.Concurrent;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Engine.Work;

/// <summary>
/// Lets a caller wait for the answer of work it recorded (a revaluation an operator asked for): at once when a worker of
/// this process does it, else by looking at the stored item every second (another node did it).
/// </summary>
public sealed class WorkAnswers(IWorkStore work, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();

    /// <summary>The item's answer once it is done; an exception with the reason if it was parked as failed.</summary>
    public async Task<string?> WaitAsync(long id, CancellationToken ct)
    {
        var local = _waiting.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            while (true)
            {
                var stored = await work.GetAsync(id, ct);
                switch (stored?.Status)
                {
                    case WorkStatus.Done:
                        return stored.Result;
                    case WorkStatus.Failed:
                        throw new WorkFailedException(stored.Item, stored.LastError ?? "");
                    case null:
                        return null; // done, without an answer to keep
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.WhenAny(local.Task, Task.Delay(TimeSpan.FromSeconds(1), clock, stop.Token));
                await stop.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>A worker of this process finished these items (done or parked): their waiters look again now.</summary>
    internal void Finished(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            if (_waiting.TryGetValue(id, out var waiter))
            {
                waiter.TrySetResult();
            }
        }
    }
}

/// <summary>Work someone waited for was parked as failed.</summary>
public sealed class WorkFailedException(WorkItem item, string reason) : Exception($"The {item.KindName} work failed: {reason}");

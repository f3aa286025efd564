using System.Data.Common;

namespace Rapport.Storage;

/// <summary>
/// Runs concurrent writes of one kind together. Each caller queues its request and waits for its turn;
/// whoever gets the turn takes every request waiting (up to <paramref name="maxSize"/> in total) and runs
/// them one after the other in a single transaction: one commit, one warm cache, instead of one each.
/// Every caller still gets its own result, and only after the commit. If the shared transaction fails,
/// each request is run again alone, so a request that cannot be written fails by itself.
/// </summary>
internal sealed class GroupCommit<TRequest, TResult>(
    Database db, Func<DbConnection, DbTransaction, TRequest, Task<TResult>> write, Func<TRequest, int> size, int maxSize,
    WriteEffect effect = WriteEffect.MayChangeIdentities)
{
    private readonly Queue<Entry> _waiting = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<TResult> RunAsync(TRequest request, CancellationToken ct)
    {
        var mine = new Entry(request);
        lock (_waiting)
        {
            _waiting.Enqueue(mine);
        }

        await _turn.WaitAsync(ct);
        try
        {
            while (!mine.Result.Task.IsCompleted)
            {
                await RunGroupAsync(TakeGroup());
            }
        }
        finally
        {
            _turn.Release();
        }

        return await mine.Result.Task;
    }

    private List<Entry> TakeGroup()
    {
        var group = new List<Entry>();
        var total = 0;
        lock (_waiting)
        {
            while (_waiting.TryPeek(out var next) && (group.Count == 0 || total + size(next.Request) <= maxSize))
            {
                group.Add(_waiting.Dequeue());
                total += size(next.Request);
            }
        }

        return group;
    }

    /// <summary>The group's work is not cancelled with one caller: the others wait for it.</summary>
    private async Task RunGroupAsync(List<Entry> group)
    {
        IReadOnlyList<TResult> results;
        try
        {
            results = await db.WriteAsync(async (c, tx) =>
            {
                var list = new List<TResult>(group.Count);
                foreach (var entry in group)
                {
                    list.Add(await write(c, tx, entry.Request));
                }

                return list;
            }, effect, CancellationToken.None);
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var entry in group)
            {
                await RunAloneAsync(entry);
            }

            return;
        }
        catch (Exception e)
        {
            group[0].Result.SetException(e);
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Result.SetResult(results[i]);
        }
    }

    private async Task RunAloneAsync(Entry entry)
    {
        try
        {
            entry.Result.SetResult(await db.WriteAsync((c, tx) => write(c, tx, entry.Request), effect, CancellationToken.None));
        }
        catch (Exception e)
        {
            entry.Result.SetException(e); // the caller gets its own failure
        }
    }

    private sealed class Entry(TRequest request)
    {
        public TRequest Request { get; } = request;

        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

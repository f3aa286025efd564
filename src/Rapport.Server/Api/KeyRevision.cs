using Rapport.Core.Ports;

namespace Rapport.Server.Api;

/// <summary>
/// The key revision of the store (<see cref="IWorkspaceStore.KeyRevisionAsync"/>), which every call needs to know that
/// its key still works. Calls that arrive together share one read, but only a read that begins after they arrived:
/// a revocation committed before a call came in is always seen by it. Under load, this is one small read for many
/// calls instead of one each.
/// </summary>
public sealed class KeyRevision(IWorkspaceStore workspaces)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<long>? _waiting; // the calls the next read will answer
    private bool _reading;

    public Task<long> CurrentAsync(CancellationToken ct)
    {
        Task<long> answer;
        bool start;
        lock (_gate)
        {
            _waiting ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            answer = _waiting.Task;
            start = !_reading;
            _reading = true;
        }

        if (start)
        {
            _ = Task.Run(ReadWhileAskedAsync, CancellationToken.None); // on its own, so no caller is kept serving the others
        }

        return answer.WaitAsync(ct);
    }

    private async Task ReadWhileAskedAsync()
    {
        while (true)
        {
            TaskCompletionSource<long> serving;
            lock (_gate)
            {
                if (_waiting is null)
                {
                    _reading = false;
                    return;
                }

                serving = _waiting; // those who came later wait for the next read, which begins after they arrived
                _waiting = null;
            }

            var read = workspaces.KeyRevisionAsync(CancellationToken.None); // shared by callers: not cancelled with one of them
            await ((Task)read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            serving.SetFromTask(read); // a failed read fails the calls it was for, and the next read is tried afresh
        }
    }
}

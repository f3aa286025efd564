using System.Threading.Channels;
using Rapport.Core.Ports;
using Rapport.Core.Segments;

namespace Rapport.Engine.Segments;

/// <summary>
/// Keeps stored segment membership current. A change to some contacts (an ingested batch, a profile
/// edit, a consent change) re-evaluates only those contacts, and only in the segments that depend on what
/// changed; a saved segment is evaluated for everyone at once; and every segment is refreshed in full on
/// a schedule, which catches time windows passing and writes made by other processes (imports).
/// </summary>
public sealed class SegmentMaintainer(SegmentCatalog catalog, ISegmentStore segments, IMembershipStore memberships, TimeProvider clock)
{
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>();

    public void Notify(ContactChange change)
    {
        if (change.Contacts.Count > 0)
        {
            _work.Writer.TryWrite(new Work(change.WorkspaceId, change, null));
        }
    }

    /// <summary>A segment was saved or deleted: evaluate it (and the segments that refer to it) for everyone.</summary>
    public void SegmentChanged(int workspaceId, string key) => _work.Writer.TryWrite(new Work(workspaceId, null, key));

    /// <summary>Handles changes as they come, and refreshes every segment each <paramref name="fullRefresh"/>.</summary>
    public async Task RunAsync(TimeSpan fullRefresh, CancellationToken ct)
    {
        var next = clock.GetUtcNow() + fullRefresh;
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Until(next));
            try
            {
                await _work.Reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // time for the full refresh
            }

            await ApplyPendingAsync(ct);
            if (clock.GetUtcNow() >= next)
            {
                await RefreshEverythingAsync(ct);
                next = clock.GetUtcNow() + fullRefresh;
            }
        }
    }

    /// <summary>Applies every change waiting, merged per workspace.</summary>
    public async Task ApplyPendingAsync(CancellationToken ct)
    {
        var pending = new List<Work>();
        while (_work.Reader.TryRead(out var item))
        {
            pending.Add(item);
        }

        foreach (var workspace in pending.GroupBy(w => w.WorkspaceId))
        {
            var definitions = await catalog.CurrentAsync(workspace.Key, ct);
            var now = clock.GetUtcNow();
            var saved = workspace.Select(w => w.SegmentKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var key in saved.Where(k => !definitions.ContainsKey(k)))
            {
                await memberships.CloseAsync(workspace.Key, key, now, ct);
            }

            foreach (var (key, definition) in definitions)
            {
                var dependencies = SegmentDependencies.Of(definition.Condition, definitions.GetValueOrDefault);
                if (saved.Contains(key) || SegmentJson.References(definition.Condition).Any(saved.Contains))
                {
                    await memberships.RefreshAsync(workspace.Key, key, definition.Condition, definitions.GetValueOrDefault, now, null, ct);
                    continue;
                }

                var contacts = workspace.Select(w => w.Change).OfType<ContactChange>().Where(dependencies.IsAffectedBy)
                    .SelectMany(c => c.Contacts).ToHashSet();
                if (contacts.Count > 0)
                {
                    await memberships.RefreshAsync(workspace.Key, key, definition.Condition, definitions.GetValueOrDefault, now, contacts, ct);
                }
            }
        }
    }

    public async Task RefreshEverythingAsync(CancellationToken ct)
    {
        foreach (var workspaceId in await segments.WorkspacesAsync(ct))
        {
            var definitions = await catalog.CurrentAsync(workspaceId, ct);
            foreach (var (key, definition) in definitions)
            {
                await memberships.RefreshAsync(workspaceId, key, definition.Condition, definitions.GetValueOrDefault, clock.GetUtcNow(), null, ct);
            }
        }
    }

    private TimeSpan Until(DateTimeOffset next)
    {
        var left = next - clock.GetUtcNow();
        return left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
    }

    private sealed record Work(int WorkspaceId, ContactChange? Change, string? SegmentKey);
}

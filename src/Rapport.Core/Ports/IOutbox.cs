using Rapport.Core.Messages;

namespace Rapport.Core.Ports;

/// <summary>The message outbox: queued by whoever wants a message sent, handled by the dispatcher alone.</summary>
public interface IOutbox
{
    /// <summary>Claims up to <paramref name="max"/> due messages for <paramref name="lease"/>; another worker takes them after it.</summary>
    Task<IReadOnlyList<OutboxMessage>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct);

    Task MarkAsync(long id, DeliveryResult result, DateTimeOffset now, CancellationToken ct);

    /// <summary>The gate held the message back for good (a suppressed address): it is never sent.</summary>
    Task MarkSuppressedAsync(long id, string reason, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<OutboxMessage>> ForContactAsync(int workspaceId, long contactId, CancellationToken ct);
}

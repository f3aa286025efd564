using Rapport.Core.Messages;
using Rapport.Core.Policy;

namespace Rapport.Core.Ports;

/// <summary>The message outbox: queued by whoever wants a message sent, handled by the dispatcher alone.</summary>
public interface IOutbox
{
    /// <summary>Claims up to <paramref name="max"/> due messages for <paramref name="lease"/>; another worker takes them after it.</summary>
    Task<IReadOnlyList<OutboxMessage>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Records what the channel answered on a message and, when it was composed, the e-mail as it went (<paramref name="rendered"/>).</summary>
    Task MarkAsync(long id, DeliveryResult result, RenderedEmail? rendered, DateTimeOffset now, CancellationToken ct);

    /// <summary>The gate held the message back for good (a suppressed address): it is never sent.</summary>
    Task MarkSuppressedAsync(long id, string reason, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Takes leased messages through the gate, person by person, each under that person's lock (so that two dispatchers
    /// never both let a message past a cap of one): reads what the gate needs to know about them, with the messages let
    /// go to them since <paramref name="since"/> (those of this round left out), asks <paramref name="decide"/> for a
    /// decision on each of their messages (in their order), and records each decision on its message in the same
    /// transaction. Send marks the message sending: it counts toward the caps from that moment, whatever its channel
    /// answers later. Defer puts it back to wait until the moment given, with the reason; Suppress ends it with the reason.
    /// A message ended meanwhile by something else (its contact deleted) stays as it is and gets no decision.
    /// </summary>
    /// <returns>The decision on each message, by id.</returns>
    Task<IReadOnlyDictionary<long, GateDecision>> DecideAsync(IReadOnlyList<GateQuestion> messages, DateTimeOffset since,
        Func<PersonAtGate, IReadOnlyList<MessageDecision>> decide, DateTimeOffset now, CancellationToken ct);

    /// <summary>Every decision the gate took on a message, oldest first; none for a message of another workspace.</summary>
    Task<IReadOnlyList<MessageDecision>> DecisionsAsync(int workspaceId, long messageId, CancellationToken ct);

    Task<IReadOnlyList<OutboxMessage>> ForContactAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>
    /// Ends unsent a message that was let go and whose outcome was never recorded (the server stopped while its channel
    /// had it), with the reason; false when it is no longer sending.
    /// </summary>
    Task<bool> AbandonAsync(long id, string reason, CancellationToken ct);

    /// <summary>Queues one message, due now; returns its id.</summary>
    Task<long> QueueAsync(int workspaceId, NewMessage message, DateTimeOffset now, CancellationToken ct);

    /// <summary>The workspace's messages that pass <paramref name="filter"/>, newest first, of ids below <paramref name="before"/> (0: from the newest).</summary>
    Task<IReadOnlyList<MessageRecord>> ListAsync(int workspaceId, MessageFilter filter, long before, int limit, CancellationToken ct);

    /// <summary>One message of the workspace, or null.</summary>
    Task<MessageRecord?> GetAsync(int workspaceId, long id, CancellationToken ct);

    /// <summary>
    /// Records what the recipient's server reported of a sent message (<see cref="DeliveryAction.Delivered"/> or
    /// <see cref="DeliveryAction.Failed"/>): Delivered or Bounced, with its event on the contact's timeline. False, and
    /// nothing changed, when no sent message has that id (unknown, erased, or already reported on).
    /// </summary>
    Task<bool> RecordReportAsync(long id, RecipientReport report, DateTimeOffset now, CancellationToken ct);
}

using Rapport.Core.Consent;
using Rapport.Core.Journeys;

namespace Rapport.Core.Messages;

/// <summary>A message in the outbox (and, once handled, in the send log).</summary>
/// <param name="Purpose">Why it is sent, e.g. "confirmation" for a double opt-in mail.</param>
/// <param name="Content">The channel's content as JSON (for e-mail: an <see cref="EmailMessage"/>).</param>
/// <param name="WhenBlocked">What the gate does when the contact policy holds it back: wait until it may go, or skip it (a journey's send node chooses).</param>
public sealed record OutboxMessage(
    long Id,
    int WorkspaceId,
    long? ContactId,
    Channel Channel,
    string? Topic,
    string Purpose,
    MessageStatus Status,
    string? Reason,
    string? Recipient,
    string Content,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    WhenBlocked WhenBlocked = WhenBlocked.Wait);

using Rapport.Core.Consent;

namespace Rapport.Core.Messages;

/// <summary>A message in the outbox (and, once handled, in the send log).</summary>
/// <param name="Purpose">Why it is sent, e.g. "confirmation" for a double opt-in mail.</param>
/// <param name="Content">The channel's content as JSON (for e-mail: an <see cref="EmailMessage"/>).</param>
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
    DateTimeOffset? SentAt);

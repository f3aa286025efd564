namespace Rapport.Core.Messages;

/// <summary>A message as support reads it: the message, the journey step that requested it (if any), and when it is due.</summary>
/// <param name="JourneyKey">The journey that requested it; null for a message queued otherwise (the API, a signup).</param>
/// <param name="JourneyNode">The journey's send node that requested it.</param>
/// <param name="DueAt">When it goes (or went) next: for a deferred message, when it is tried again.</param>
/// <param name="Rendered">The e-mail as it went (or was last composed to go); null in lists, and for one never composed.</param>
public sealed record MessageRecord(OutboxMessage Message, string? JourneyKey, string? JourneyNode, DateTimeOffset DueAt, RenderedEmail? Rendered = null);

/// <summary>Which messages a list shows: any of the filters left null does not filter.</summary>
public sealed record MessageFilter(long? ContactId, string? Journey, MessageStatus? Status);

/// <summary>A message to queue: to a contact, on a channel, under a topic (null for a transactional one), for a purpose (<see cref="MessagePurposes"/>).</summary>
/// <param name="Content">The channel's content as JSON (for e-mail: an <see cref="EmailMessage"/> or a <see cref="TemplatedEmail"/>).</param>
public sealed record NewMessage(long ContactId, Consent.Channel Channel, string? Topic, string Purpose, string? Recipient, string Content);

/// <summary>
/// What the dispatcher does with a message it let go whose outcome was never recorded (the server stopped while its
/// channel had it): send it again, or end it unsent. Marketing goes at most once, transactional at least once by default.
/// </summary>
public enum ResendAfterCrash
{
    /// <summary>Transactional messages are sent again; marketing is ended unsent (at most once).</summary>
    Transactional,

    /// <summary>Every message is sent again (at least once).</summary>
    All,

    /// <summary>No message is sent again (at most once).</summary>
    None,
}

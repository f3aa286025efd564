namespace Rapport.Core.Consent;

/// <summary>The current state of one person for one topic on one channel, as the ledger says.</summary>
public sealed record Subscription(
    long ContactId,
    string Topic,
    Channel Channel,
    SubscriptionStatus Status,
    Frequency Frequency,
    MessageFormat Format,
    DateTimeOffset? UpdatedAt)
{
    public static Subscription Empty(long contactId, string topic, Channel channel) =>
        new(contactId, topic, channel, SubscriptionStatus.None, Frequency.AsSent, MessageFormat.Html, null);
}

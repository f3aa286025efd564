using Rapport.Core.Consent;

namespace Rapport.Core.Policy;

/// <summary>What the gate needs to know about the person, loaded by the caller.</summary>
/// <param name="Suppressed">Why the address is suppressed; null: it is not.</param>
/// <param name="Subscriptions">The person's subscriptions (the gate takes the one for the message's topic and channel; none: no consent).</param>
/// <param name="TimeZone">The person's IANA time zone ("Europe/Warsaw"); unknown or none: UTC.</param>
/// <param name="Sent">
/// The messages sent to them so far (at least those of the last quarter, which the longest rule looks at): marketing
/// ones, and transactional ones too when the policy counts them.
/// </param>
/// <param name="Batch">Messages the caller has already let go to them in the same round, counted as sent now.</param>
public sealed record GateFacts(
    SuppressionReason? Suppressed,
    IReadOnlyList<Subscription> Subscriptions,
    string? TimeZone,
    IReadOnlyList<PastMessage> Sent,
    IReadOnlyList<GateMessage> Batch)
{
    /// <summary>The subscription for (<paramref name="topic"/>, <paramref name="channel"/>), or null.</summary>
    public Subscription? SubscriptionTo(string topic, Channel channel) =>
        Subscriptions.FirstOrDefault(s => s.Topic == topic && s.Channel == channel);
}

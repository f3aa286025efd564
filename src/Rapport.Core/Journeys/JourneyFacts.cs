using System.Text.Json.Nodes;
using NodaTime;

namespace Rapport.Core.Journeys;

/// <summary>
/// What the runner loaded about the contact for a step: their events since the instance started (oldest first), the
/// messages this instance requested, the journey's conditions it has evaluated for them (by
/// <see cref="JourneyDefinition.ConditionKey"/>; a step that needs one it lacks asks for it), where they stand with the
/// journey's topic, their time zone and their traits.
/// </summary>
public sealed record JourneyFacts(
    IReadOnlyList<JourneyEvent> Events,
    IReadOnlyList<SentMessage> Sent,
    IReadOnlyDictionary<string, bool> Conditions,
    TopicConsent Consent,
    DateTimeZone Zone,
    JsonObject Traits);

/// <summary>A message a send node of the instance requested.</summary>
public sealed record SentMessage(string Node, long MessageId);

/// <summary>Where a contact stands with the journey's topic, over all channels.</summary>
public enum TopicConsent
{
    /// <summary>They never said (the journey has no topic, or they hold no subscription to it).</summary>
    None,

    /// <summary>Subscribed on at least one channel.</summary>
    Subscribed,

    /// <summary>They had subscribed and withdrew on every channel: the journey ends for them.</summary>
    Withdrawn,
}

public static class TopicConsents
{
    /// <summary>What a contact's subscriptions say of <paramref name="topic"/> (null: the journey has none).</summary>
    public static TopicConsent Of(IEnumerable<Consent.Subscription> subscriptions, string? topic)
    {
        var held = subscriptions.Where(s => s.Topic == topic && s.Status != Consent.SubscriptionStatus.None).ToList();
        return topic is null || held.Count == 0 ? TopicConsent.None
            : held.Any(s => s.Status == Consent.SubscriptionStatus.Subscribed) ? TopicConsent.Subscribed
            : held.Any(s => s.Status == Consent.SubscriptionStatus.Unsubscribed) ? TopicConsent.Withdrawn
            : TopicConsent.None;
    }
}

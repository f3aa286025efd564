namespace Rapport.Core.Journeys;

/// <summary>Whether a contact may enter a journey now: the entry rules as a pure decision over what the runner loaded.</summary>
public static class JourneyEntry
{
    /// <summary>Why a contact already on their way through the journey may not enter it again.</summary>
    public const string AlreadyIn = "already in the journey";

    /// <summary>Whether <paramref name="e"/> is one of the journey's event triggers.</summary>
    public static bool IsTriggeredBy(JourneyDefinition journey, JourneyEvent e, DateTimeOffset now) =>
        journey.Triggers.OfType<EventTrigger>().Any(t => t.Event.Matches(e, now));

    /// <summary>Whether the journey may be entered through the API.</summary>
    public static bool TakesApiEntries(JourneyDefinition journey) => journey.Triggers.OfType<ApiTrigger>().Any();

    /// <summary>
    /// Why the contact may not enter (null: they may). <paramref name="previous"/> are their earlier instances of the
    /// journey, any version; <paramref name="audience"/> whether they meet its audience condition (null: it has none).
    /// </summary>
    public static string? Refusal(
        JourneyDefinition journey, IReadOnlyList<JourneyInstance> previous, TopicConsent consent, bool? audience, DateTimeOffset now,
        JourneyEvent? trigger = null)
    {
        if (trigger is not null && previous.Any(p => p.Trigger?.MessageId == trigger.MessageId))
        {
            return $"entered on {trigger.MessageId} already"; // the same event (or broadcast, or date) seen twice
        }

        if (previous.Any(p => p.Status == InstanceStatus.Active))
        {
            return AlreadyIn;
        }

        if (previous.Count > 0 && journey.Entry.Again is null)
        {
            return "entered it before, and it is entered once";
        }

        var last = previous.Count == 0 ? (DateTimeOffset?)null : previous.Max(p => p.EnteredAt);
        if (last is { } at && journey.Entry.Again is { } again && again.After(at, NodaTime.DateTimeZone.Utc) > now)
        {
            return $"entered it on {at:O}, and may enter again {again} after that";
        }

        if (journey.Entry.WhileSubscribed && consent != TopicConsent.Subscribed)
        {
            return $"not subscribed to {journey.Topic}";
        }

        if (consent == TopicConsent.Withdrawn)
        {
            return $"withdrew consent for {journey.Topic}";
        }

        return audience == false ? "not in the journey's audience" : null;
    }
}

using Rapport.Core.Value;

namespace Rapport.Core.Work;

/// <summary>The queues of background work, each kept by one worker, and which of them an item goes to.</summary>
public static class WorkQueues
{
    /// <summary>Each buyer's value (RFM scores, value group); a full rating of everyone once a day.</summary>
    public const string CustomerValue = "customer-value";

    /// <summary>Each contact's stage of the ladder of loyalty.</summary>
    public const string LoyaltyLadder = "loyalty-ladder";

    /// <summary>The stored membership of every segment.</summary>
    public const string SegmentMembership = "segment-membership";

    /// <summary>
    /// Every queue, each after the queues whose changes it follows: a buyer's new value moves their stage, and both are
    /// tested by segments. The upkeep runs its workers in this order, so one round takes an order through all three.
    /// </summary>
    public static IReadOnlyList<string> Upkeep { get; } = [CustomerValue, LoyaltyLadder, SegmentMembership];

    /// <summary>The journeys: entries on events, and instances woken by the events they wait for or by a withdrawn consent.</summary>
    public const string Journeys = "journeys";

    /// <summary>The calls journeys' webhooks make, each tried again while it fails.</summary>
    public const string Webhooks = "webhooks";

    public static IReadOnlyList<string> All { get; } = [.. Upkeep, Journeys, Webhooks];

    /// <summary>Where <paramref name="queue"/> comes in a round of the upkeep (<see cref="Upkeep"/>); -1 for a queue of no upkeep.</summary>
    public static int TurnOf(string queue) => Upkeep.ToList().IndexOf(queue);

    /// <summary>The queues an item is recorded on (none: nobody needs to know).</summary>
    public static IReadOnlyList<string> For(WorkItem item) => item switch
    {
        ContactsChanged { Contacts.Count: 0, Everyone: false } => [],
        ContactsChanged change => Except(change.From, QueuesOf(change)),
        EventsTracked { MessageIds.Count: 0 } => [],
        EventsTracked => [Journeys],
        JourneyStatusChanged { Status: Ports.JourneyStatus.Stopped or Ports.JourneyStatus.Active } => [Journeys],
        JourneyStatusChanged => [],
        SegmentSaved => [SegmentMembership],
        RevalueRequested => [CustomerValue],
        FullRefreshDue => [],
        WebhookDue => [Webhooks],
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "an item of no known kind"),
    };

    /// <summary>Whether the change asks for the contacts' value to be rated anew: they bought, were refunded, or merged.</summary>
    public static bool RatesBuyers(ContactsChanged change) =>
        !change.Everyone && (change.Merged || change.EventNames.Any(PurchaseHistory.EventNames.Contains));

    private static IEnumerable<string> QueuesOf(ContactsChanged change)
    {
        if (RatesBuyers(change))
        {
            yield return CustomerValue;
        }

        yield return LoyaltyLadder;
        yield return SegmentMembership;
        if (change.Consent && !change.Everyone)
        {
            yield return Journeys; // a withdrawn consent ends the journeys of its topic at once
        }
    }

    private static IReadOnlyList<string> Except(string? from, IEnumerable<string> queues) => queues.Where(q => q != from).ToList();
}

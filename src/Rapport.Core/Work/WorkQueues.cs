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

    public static IReadOnlyList<string> All { get; } = [CustomerValue, LoyaltyLadder, SegmentMembership];

    /// <summary>The queues an item is recorded on (none: nobody needs to know).</summary>
    public static IReadOnlyList<string> For(WorkItem item) => item switch
    {
        ContactsChanged { Contacts.Count: 0, Everyone: false } => [],
        ContactsChanged change => Except(change.From,
            RatesBuyers(change) ? [CustomerValue, LoyaltyLadder, SegmentMembership] : [LoyaltyLadder, SegmentMembership]),
        SegmentSaved => [SegmentMembership],
        RevalueRequested => [CustomerValue],
        FullRefreshDue => [],
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "an item of no known kind"),
    };

    /// <summary>Whether the change asks for the contacts' value to be rated anew: they bought, were refunded, or merged.</summary>
    public static bool RatesBuyers(ContactsChanged change) =>
        !change.Everyone && (change.Merged || change.EventNames.Any(PurchaseHistory.EventNames.Contains));

    private static IReadOnlyList<string> Except(string? from, IReadOnlyList<string> queues) =>
        from is null ? queues : queues.Where(q => q != from).ToList();
}

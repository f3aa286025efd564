using System.Text.Json.Nodes;
using Rapport.Core.Segments;

namespace Rapport.Core.Value;

/// <summary>
/// What one contact has bought, summed from their purchase events (Segment e-commerce spec):
/// <c>Order Completed</c> adds an order of <c>revenue</c> (else <c>total</c>) with its <c>discount</c>;
/// <c>Order Refunded</c> adds a refund of its <c>revenue</c> (else <c>total</c>). A property that is not a
/// number (or is beyond ±10^15) counts as 0; revenue that is not a number falls back to total.
/// </summary>
public sealed record PurchaseHistory(
    long ContactId, int Orders, double Revenue, double Refunds, double Discounts, DateTimeOffset? FirstOrderAt, DateTimeOffset? LastOrderAt)
{
    public const string OrderCompleted = "Order Completed";
    public const string OrderRefunded = "Order Refunded";

    /// <summary>The tracked events that change a contact's value.</summary>
    public static readonly IReadOnlySet<string> EventNames = new HashSet<string>(StringComparer.Ordinal) { OrderCompleted, OrderRefunded };

    /// <summary>Revenue less refunds: what the person has brought, the "historic value" (RFM's monetary).</summary>
    public double NetRevenue => Revenue - Refunds;

    public double AverageOrderValue => Orders == 0 ? 0 : Revenue / Orders;

    public static PurchaseHistory None(long contactId) => new(contactId, 0, 0, 0, 0, null, null);

    /// <summary>The history of these events, summed in the order given (the store gives them in the order they were stored).</summary>
    public static PurchaseHistory From(long contactId, IEnumerable<EventFact> events) => events.Aggregate(None(contactId), (h, e) => h.Add(e));

    /// <summary>This history with one more event; events of other names change nothing.</summary>
    public PurchaseHistory Add(EventFact e) => e.Name switch
    {
        OrderCompleted => this with
        {
            Orders = Orders + 1,
            Revenue = Revenue + Amount(e.Properties),
            Discounts = Discounts + Math.Abs(Number(e.Properties, "discount") ?? 0),
            FirstOrderAt = FirstOrderAt is { } first && first <= e.Timestamp ? first : e.Timestamp,
            LastOrderAt = LastOrderAt is { } last && last >= e.Timestamp ? last : e.Timestamp,
        },
        OrderRefunded => this with { Refunds = Refunds + Math.Abs(Amount(e.Properties)) },
        _ => this,
    };

    private static double Amount(JsonObject properties) => Number(properties, "revenue") ?? Number(properties, "total") ?? 0;

    /// <summary>A number property, read as segment conditions read it; beyond ±10^15 (no real amount) it counts as 0, so sums stay finite.</summary>
    private static double? Number(JsonObject properties, string name) =>
        ValueTests.Number(properties[name]) is { } n && Math.Abs(n) <= MaxAmount ? n : null;

    private const double MaxAmount = 1e15;
}

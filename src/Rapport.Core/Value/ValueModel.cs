namespace Rapport.Core.Value;

/// <summary>
/// Where the workspace's customers (contacts with an order) stand, to score each one against the rest.
/// RFM scores are quintiles: a score is 1 + the number of cut points the value is above, and cut point k
/// is the value of the customer at rank ⌈k·n/5⌉ (ascending), so score 5 means "better than at least 80% of
/// customers" and equal values always get equal scores. Recency ranks the last order's time, frequency the
/// number of orders, monetary the net revenue. <see cref="TopValue"/> is the value of the customer at the
/// most-valuable share's last rank; <see cref="MedianValue"/> the lower median of values. Made by a full
/// refresh; a purchase re-rates one contact against the stored model until the next.
/// </summary>
public sealed record ValueModel(
    IReadOnlyList<double> RecencyCuts, IReadOnlyList<double> FrequencyCuts, IReadOnlyList<double> MonetaryCuts,
    double TopValue, double MedianValue, int Customers)
{
    public static readonly ValueModel Empty = new([], [], [], double.PositiveInfinity, 0, 0);

    public static ValueModel Of(IEnumerable<PurchaseHistory> histories, ValueSettings settings)
    {
        var customers = histories.Where(h => h.Orders > 0).ToList();
        if (customers.Count == 0)
        {
            return Empty;
        }

        var values = customers.Select(h => ValueOf(h, settings)).Order().ToList();
        var top = ((settings.MostValuablePercent * values.Count) + 99) / 100; // ⌈percent · n / 100⌉ in whole numbers
        return new ValueModel(
            Cuts(customers.Select(h => (double)h.LastOrderAt!.Value.ToUnixTimeMilliseconds())),
            Cuts(customers.Select(h => (double)h.Orders)),
            Cuts(customers.Select(h => h.NetRevenue)),
            top == 0 ? double.PositiveInfinity : values[^top],
            values[(values.Count - 1) / 2],
            values.Count);
    }

    /// <summary>The contact's value, scores and group under this model.</summary>
    public ContactValue Rate(PurchaseHistory history, ValueSettings settings)
    {
        var (margin, cost) = (Margin(history, settings), CostToServe(history));
        var customer = history.Orders > 0;
        var recency = customer ? Score(history.LastOrderAt!.Value.ToUnixTimeMilliseconds(), RecencyCuts) : 0;
        var frequency = customer ? Score(history.Orders, FrequencyCuts) : 0;
        var monetary = customer ? Score(history.NetRevenue, MonetaryCuts) : 0;
        var value = margin - cost;
        ValueGroup? group = cost > margin ? ValueGroup.BelowZero
            : customer && value > 0 && value >= TopValue ? ValueGroup.MostValuable
            : customer && value < MedianValue && (frequency >= settings.GrowableScore || recency >= settings.GrowableScore) ? ValueGroup.MostGrowable
            : null;
        return new ContactValue(history, margin, cost, recency, frequency, monetary, group);
    }

    private static double Margin(PurchaseHistory h, ValueSettings settings) => h.Revenue * settings.MarginRate;

    /// <summary>Refunds and discounts; message costs join them once messages carry a cost.</summary>
    private static double CostToServe(PurchaseHistory h) => h.Refunds + h.Discounts;

    private static double ValueOf(PurchaseHistory h, ValueSettings settings) => Margin(h, settings) - CostToServe(h);

    private static List<double> Cuts(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return Enumerable.Range(1, 4).Select(k => sorted[(int)Math.Ceiling(k * sorted.Count / 5.0) - 1]).ToList();
    }

    private static int Score(double value, IReadOnlyList<double> cuts) => 1 + cuts.Count(cut => value > cut);
}

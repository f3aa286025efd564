using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

public sealed class ValueGroupTests
{
    private const int Seed = 20260302;

    /// <summary>Shares whose ⌈share·n⌉ the model computes exactly for every population here (see the report on 7%, 14%…).</summary>
    private static readonly int[] Percents = [1, 5, 7, 10, 14, 15, 17, 20, 25, 27, 28, 30, 40, 50, 55, 67, 75, 81, 100];

    private static readonly double[] MarginRates = [0, 0.1, 0.25, 0.3, 0.5, 1];

    [Fact]
    public void Cost_to_serve_over_margin_is_below_zero()
    {
        // Margin 30% of 100 = 30; cost to serve 20 refunded + 15 discounted = 35.
        var value = Rated(ValueSettings.Default, Customer(1, 1, 1, 100, refunds: 20, discounts: 15)).Single();

        Assert.Equal((30.0, 35.0, -5.0), (value.Margin, value.CostToServe, value.Value));
        Assert.Equal(ValueGroup.BelowZero, value.Group);
    }

    [Fact]
    public void Cost_to_serve_equal_to_margin_is_not_below_zero_nor_of_any_value()
    {
        var value = Rated(ValueSettings.Default, Customer(1, 1, 1, 100, refunds: 20, discounts: 10)).Single();

        Assert.Equal(0, value.Value);
        Assert.Null(value.Group);
    }

    [Fact]
    public void A_contact_with_refunds_and_no_order_is_below_zero()
    {
        var values = Rated(ValueSettings.Default, Customer(1, 1, 1, 100), PurchaseHistory.None(2) with { Refunds = 10 });

        Assert.Equal(ValueGroup.BelowZero, values[1].Group);
    }

    [Fact]
    public void The_top_20_percent_of_ten_customers_by_value_are_most_valuable()
    {
        var values = Rated(ValueSettings.Default, [.. Enumerable.Range(1, 10).Select(i => Customer(i, 1, i, 100 * i))]);

        Assert.Equal([9L, 10L], MostValuable(values));
    }

    [Fact]
    public void Customers_tied_at_the_threshold_are_all_most_valuable()
    {
        int[] revenues = [1000, 900, 900, 800, 700, 600, 500, 400, 300, 200];
        var values = Rated(ValueSettings.Default, [.. revenues.Select((r, i) => Customer(i + 1, 1, i, r))]);

        Assert.Equal([1L, 2L, 3L], MostValuable(values));
    }

    [Theory]
    [InlineData(3, 20, 1)]
    [InlineData(6, 20, 2)]
    [InlineData(10, 1, 1)]
    [InlineData(10, 100, 10)]
    [InlineData(40, 5, 2)]
    [InlineData(41, 5, 3)]
    public void The_most_valuable_share_rounds_up_to_whole_customers(int customers, int percent, int mostValuable)
    {
        var settings = ValueSettings.Default with { MostValuablePercent = percent };

        var values = Rated(settings, [.. Enumerable.Range(1, customers).Select(i => Customer(i, 1, i, 100 * i))]);

        Assert.Equal(mostValuable, MostValuable(values).Count);
    }

    [Fact]
    public void A_customer_of_no_value_is_never_most_valuable()
    {
        var settings = ValueSettings.Default with { MostValuablePercent = 100 };

        var values = Rated(settings, Customer(1, 1, 1, 100), Customer(2, 1, 2, 0), Customer(3, 1, 3, 100, refunds: 30));

        Assert.Equal([ValueGroup.MostValuable, null, null], values.Select(v => v.Group));
    }

    [Fact]
    public void A_below_median_customer_who_buys_often_or_lately_is_most_growable()
    {
        // Values 30, 60, 90 (the median), 120, 300; orders and last order times rank 1 to 5.
        var values = Rated(ValueSettings.Default,
            Customer(1, orders: 5, minute: 1, revenue: 100),
            Customer(2, orders: 1, minute: 5, revenue: 200),
            Customer(3, orders: 4, minute: 4, revenue: 300),
            Customer(4, orders: 2, minute: 2, revenue: 400),
            Customer(5, orders: 3, minute: 3, revenue: 1000));

        Assert.Equal(["151", "512", "443", "224", "335"], values.Select(v => v.Rfm));
        Assert.Equal([ValueGroup.MostGrowable, ValueGroup.MostGrowable, null, null, ValueGroup.MostValuable], values.Select(v => v.Group));
    }

    [Fact]
    public void With_an_even_number_of_customers_the_median_is_the_lower_middle_value()
    {
        // Values 30, 60, 90, 120: the median is 60, so the customer worth 60 who bought last is not below it.
        var values = Rated(ValueSettings.Default,
            Customer(1, orders: 4, minute: 1, revenue: 100),
            Customer(2, orders: 1, minute: 4, revenue: 200),
            Customer(3, orders: 2, minute: 2, revenue: 300),
            Customer(4, orders: 3, minute: 3, revenue: 400));

        Assert.Equal((4, 4), (values[0].FrequencyScore, values[1].RecencyScore));
        Assert.Equal([ValueGroup.MostGrowable, null, null, ValueGroup.MostValuable], values.Select(v => v.Group));
    }

    [Theory]
    [InlineData(4, "--")]
    [InlineData(3, "--")]
    [InlineData(2, "G-")]
    [InlineData(1, "GG")]
    public void A_below_median_customer_is_most_growable_only_from_the_growable_score(int growableScore, string groups)
    {
        // The two below-median customers score 2 and 1 on frequency and recency.
        var settings = ValueSettings.Default with { GrowableScore = growableScore };
        var values = Rated(settings,
            Customer(1, orders: 2, minute: 2, revenue: 100),
            Customer(2, orders: 1, minute: 1, revenue: 200),
            Customer(3, orders: 3, minute: 3, revenue: 300),
            Customer(4, orders: 4, minute: 4, revenue: 400),
            Customer(5, orders: 5, minute: 5, revenue: 1000));

        Assert.Equal(groups, string.Concat(values.Take(2).Select(v => v.Group == ValueGroup.MostGrowable ? "G" : v.Group is null ? "-" : "?")));
        Assert.Equal([null, null, ValueGroup.MostValuable], values.Skip(2).Select(v => v.Group));
    }

    [Fact]
    public void Below_zero_wins_over_most_growable()
    {
        var values = Rated(ValueSettings.Default,
            Customer(1, orders: 5, minute: 5, revenue: 100, refunds: 40),
            Customer(2, orders: 1, minute: 1, revenue: 200),
            Customer(3, orders: 4, minute: 4, revenue: 300),
            Customer(4, orders: 2, minute: 2, revenue: 400),
            Customer(5, orders: 3, minute: 3, revenue: 1000));

        Assert.Equal((5, 5), (values[0].FrequencyScore, values[0].RecencyScore));
        Assert.Equal(ValueGroup.BelowZero, values[0].Group);
    }

    [Fact]
    public void Below_zero_is_exactly_cost_to_serve_over_margin()
    {
        var violations = new List<string>();
        var seen = 0;
        foreach (var (settings, values, _) in RandomRatings())
        {
            foreach (var value in values)
            {
                var h = value.History;
                var (margin, cost) = (h.Revenue * settings.MarginRate, h.Refunds + h.Discounts);
                var below = value.Group == ValueGroup.BelowZero;
                seen += below ? 1 : 0;
                if ((value.Margin, value.CostToServe) != (margin, cost) || below != cost > margin)
                {
                    violations.Add($"{h} at margin rate {settings.MarginRate}: margin {value.Margin}, cost {value.CostToServe}, group {value.Group}");
                }
            }
        }

        Assert.Empty(violations);
        Assert.True(seen > 500, $"the populations should have many below zero, had {seen}");
    }

    [Fact]
    public void Most_valuable_is_exactly_a_positive_value_reached_by_the_top_share_of_customers()
    {
        var violations = new List<string>();
        var seen = 0;
        foreach (var (settings, values, customerValues) in RandomRatings())
        {
            var top = (settings.MostValuablePercent * customerValues.Count + 99) / 100;
            foreach (var value in values)
            {
                // Ties at the threshold are in: fewer than `top` customers are worth strictly more.
                var expected = value.History.Orders > 0 && value.Value > 0 && customerValues.Count(v => v > value.Value) < top;
                var actual = value.Group == ValueGroup.MostValuable;
                seen += actual ? 1 : 0;
                if (actual != expected)
                {
                    violations.Add($"{value.History} worth {value.Value} among {customerValues.Count} at {settings.MostValuablePercent}%: {value.Group}");
                }
            }
        }

        Assert.Empty(violations);
        Assert.True(seen > 500, $"the populations should have many most valuable, had {seen}");
    }

    [Fact]
    public void Most_growable_is_exactly_below_the_median_with_a_growable_score_and_in_no_other_group()
    {
        var violations = new List<string>();
        var seen = 0;
        foreach (var (settings, values, customerValues) in RandomRatings())
        {
            var sorted = customerValues.Order().ToList();
            var lowerMedian = sorted.Count == 0 ? 0 : sorted[(sorted.Count - 1) / 2];
            foreach (var value in values)
            {
                var other = value.Group is ValueGroup.BelowZero or ValueGroup.MostValuable;
                var expected = !other && value.History.Orders > 0 && value.Value < lowerMedian
                    && (value.FrequencyScore >= settings.GrowableScore || value.RecencyScore >= settings.GrowableScore);
                var actual = value.Group == ValueGroup.MostGrowable;
                seen += actual ? 1 : 0;
                if (actual != expected)
                {
                    violations.Add($"{value.History} worth {value.Value} (median {lowerMedian}) scoring {value.Rfm} at growable {settings.GrowableScore}: {value.Group}");
                }
            }
        }

        Assert.Empty(violations);
        Assert.True(seen > 500, $"the populations should have many most growable, had {seen}");
    }

    /// <summary>Each random population rated under random settings, with the values of its customers.</summary>
    private static IEnumerable<(ValueSettings Settings, List<ContactValue> Values, List<double> CustomerValues)> RandomRatings()
    {
        var random = new Random(Seed);
        foreach (var population in RandomPopulations.Mixed(Seed))
        {
            var settings = new ValueSettings(
                random.Next(2) == 0 ? MarginRates[random.Next(MarginRates.Length)] : random.NextDouble(),
                Percents[random.Next(Percents.Length)],
                random.Next(1, 6));
            var values = Rated(settings, [.. population]);
            yield return (settings, values, values.Where(v => v.History.Orders > 0).Select(v => v.Value).ToList());
        }
    }

    private static List<ContactValue> Rated(ValueSettings settings, params PurchaseHistory[] population)
    {
        var model = ValueModel.Of(population, settings);
        return population.Select(h => model.Rate(h, settings)).ToList();
    }

    private static List<long> MostValuable(List<ContactValue> values) =>
        values.Where(v => v.Group == ValueGroup.MostValuable).Select(v => v.History.ContactId).Order().ToList();

    private static PurchaseHistory Customer(long id, int orders, int minute, double revenue, double refunds = 0, double discounts = 0) =>
        RandomPopulations.Customer(id, orders, minute, revenue, refunds, discounts);

    [Theory]
    [InlineData(100, 7, 7)]
    [InlineData(50, 14, 7)]
    [InlineData(100, 28, 28)]
    public void The_most_valuable_share_of_a_whole_number_of_customers_is_exact(int customers, int percent, int mostValuable)
    {
        var settings = ValueSettings.Default with { MostValuablePercent = percent };
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var population = Enumerable.Range(1, customers).Select(i => new PurchaseHistory(i, 1, 100 * i, 0, 0, t0, t0.AddMinutes(i))).ToList();
        var model = ValueModel.Of(population, settings);
        Assert.Equal(mostValuable, population.Count(h => model.Rate(h, settings).Group == ValueGroup.MostValuable));
    }
}

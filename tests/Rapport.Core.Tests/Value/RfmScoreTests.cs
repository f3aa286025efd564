using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

/// <summary>
/// RFM scores as ValueModel documents them: quintiles among the workspace's customers, where cut point k is
/// the value at rank ⌈k·n/5⌉ and a score is 1 + the number of cut points a value is above. A customer's
/// value is above cut point k exactly when at least ⌈k·n/5⌉ customers have a strictly lower value, that is
/// when 5·lower ≥ k·n: the tests below count, they do not index.
/// </summary>
public sealed class RfmScoreTests
{
    private const int Seed = 20260301;

    private static readonly Metric[] Metrics =
    [
        new("recency", h => h.LastOrderAt!.Value.ToUnixTimeMilliseconds(), v => v.RecencyScore),
        new("frequency", h => h.Orders, v => v.FrequencyScore),
        new("monetary", h => h.NetRevenue, v => v.MonetaryScore),
    ];

    [Fact]
    public void Every_customer_scores_1_to_5_and_a_contact_without_orders_scores_0()
    {
        var violations = new List<string>();
        foreach (var (population, p) in RandomPopulations.Mixed(Seed).Select((x, p) => (x, p)))
        {
            foreach (var value in Rated(population))
            {
                var scores = new[] { value.RecencyScore, value.FrequencyScore, value.MonetaryScore };
                var ok = value.History.Orders > 0 ? scores.All(s => s is >= 1 and <= 5) : scores.All(s => s == 0);
                if (!ok)
                {
                    violations.Add($"population {p}: contact {value.History.ContactId} with {value.History.Orders} orders scores {value.Rfm}");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void A_customer_with_a_strictly_greater_metric_never_scores_lower()
    {
        var violations = new List<string>();
        foreach (var (population, p) in RandomPopulations.Mixed(Seed).Select((x, p) => (x, p)))
        {
            var customers = Rated(population).Where(v => v.History.Orders > 0).ToList();
            foreach (var metric in Metrics)
            {
                violations.AddRange(
                    from a in customers
                    from b in customers
                    where metric.Of(a.History) > metric.Of(b.History) && metric.Score(a) < metric.Score(b)
                    select $"population {p}, {metric.Name}: {metric.Of(a.History)} scores {metric.Score(a)} but {metric.Of(b.History)} scores {metric.Score(b)}");
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void Customers_with_equal_metrics_get_equal_scores()
    {
        var violations = new List<string>();
        var ties = 0;
        foreach (var (population, p) in RandomPopulations.Mixed(Seed).Select((x, p) => (x, p)))
        {
            var customers = Rated(population).Where(v => v.History.Orders > 0).ToList();
            foreach (var metric in Metrics)
            {
                foreach (var group in customers.GroupBy(v => metric.Of(v.History)).Where(g => g.Count() > 1))
                {
                    ties++;
                    if (group.Select(metric.Score).Distinct().Count() > 1)
                    {
                        violations.Add($"population {p}, {metric.Name} {group.Key}: scores {string.Join(", ", group.Select(metric.Score))}");
                    }
                }
            }
        }

        Assert.Empty(violations);
        Assert.True(ties > 1000, $"the populations should have many ties, had {ties}");
    }

    [Fact]
    public void With_distinct_values_each_score_holds_a_fifth_of_the_customers_rounded_down_or_up()
    {
        var violations = new List<string>();
        foreach (var (population, p) in RandomPopulations.Distinct(Seed).Select((x, p) => (x, p)))
        {
            var customers = Rated(population);
            var n = customers.Count;
            foreach (var metric in Metrics)
            {
                Assert.Equal(n, customers.Select(v => metric.Of(v.History)).Distinct().Count());
                for (var score = 1; score <= 5; score++)
                {
                    var holders = customers.Count(v => metric.Score(v) == score);
                    if (holders < n / 5 || holders > (n + 4) / 5)
                    {
                        violations.Add($"population {p} of {n}, {metric.Name}: score {score} held by {holders}");
                    }
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void A_score_is_1_plus_the_number_of_quintile_cut_points_the_value_is_above()
    {
        var violations = new List<string>();
        foreach (var (population, p) in RandomPopulations.Mixed(Seed).Select((x, p) => (x, p)))
        {
            var customers = Rated(population).Where(v => v.History.Orders > 0).ToList();
            var n = customers.Count;
            foreach (var metric in Metrics)
            {
                foreach (var value in customers)
                {
                    var lower = customers.Count(other => metric.Of(other.History) < metric.Of(value.History));
                    var expected = 1 + Enumerable.Range(1, 4).Count(k => 5 * lower >= k * n);
                    if (metric.Score(value) != expected)
                    {
                        violations.Add($"population {p} of {n}, {metric.Name}: better than {lower}, scores {metric.Score(value)}, expected {expected}");
                    }
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void A_score_of_5_is_exactly_being_better_than_at_least_80_percent_of_customers()
    {
        var violations = new List<string>();
        var fives = 0;
        foreach (var (population, p) in RandomPopulations.Mixed(Seed).Concat(RandomPopulations.Distinct(Seed)).Select((x, p) => (x, p)))
        {
            var customers = Rated(population).Where(v => v.History.Orders > 0).ToList();
            var n = customers.Count;
            foreach (var metric in Metrics)
            {
                foreach (var value in customers)
                {
                    // "Better than" is a strictly lower metric; at least 80% of n is lower ≥ 0.8·n, i.e. 5·lower ≥ 4·n.
                    var lower = customers.Count(other => metric.Of(other.History) < metric.Of(value.History));
                    var five = metric.Score(value) == 5;
                    fives += five ? 1 : 0;
                    if (five != (5 * lower >= 4 * n))
                    {
                        violations.Add($"population {p} of {n}, {metric.Name}: better than {lower} scores {metric.Score(value)}");
                    }
                }
            }
        }

        Assert.Empty(violations);
        Assert.True(fives > 1000, $"the populations should have many fives, had {fives}");
    }

    [Fact]
    public void The_model_counts_only_contacts_with_an_order()
    {
        foreach (var population in RandomPopulations.Mixed(Seed))
        {
            Assert.Equal(population.Count(h => h.Orders > 0), ValueModel.Of(population, ValueSettings.Default).Customers);
        }
    }

    [Fact]
    public void Five_customers_with_distinct_values_score_1_to_5_in_their_order()
    {
        var population = new[] { (1, 40, 30.0), (2, 10, 50.0), (3, 50, 10.0), (4, 20, 40.0), (5, 30, 20.0) }
            .Select(x => RandomPopulations.Customer(x.Item1, x.Item1, x.Item2, x.Item3, 0, 0))
            .ToList();

        var rfm = Rated(population).Select(v => v.Rfm);

        Assert.Equal(["413", "125", "531", "244", "352"], rfm);
    }

    [Fact]
    public void Tied_values_share_a_score_and_the_next_value_up_is_above_every_cut_point_they_fill()
    {
        // Orders 1, 1, 1, 2, 5: the cut points are 1, 1, 1, 2, so 1 scores 1, 2 scores 4 and 5 scores 5.
        var population = new[] { 1, 1, 1, 2, 5 }.Select((orders, i) => RandomPopulations.Customer(i + 1, orders, 0, 100, 0, 0)).ToList();

        Assert.Equal([1, 1, 1, 4, 5], Rated(population).Select(v => v.FrequencyScore));
    }

    [Fact]
    public void A_buyer_rerated_against_the_stored_model_scores_against_its_customers()
    {
        var model = ValueModel.Of(Enumerable.Range(1, 10).Select(i => RandomPopulations.Customer(i, i, i, 100 * i, 0, 0)), ValueSettings.Default);

        var top = model.Rate(RandomPopulations.Customer(99, 50, 500, 100_000, 0, 0), ValueSettings.Default);
        var bottom = model.Rate(RandomPopulations.Customer(98, 1, -500, 1, 0, 0), ValueSettings.Default);

        Assert.Equal(("555", "111"), (top.Rfm, bottom.Rfm));
    }

    [Fact]
    public void Without_a_model_yet_a_first_buyer_scores_1_and_is_in_no_group()
    {
        var value = ValueModel.Empty.Rate(RandomPopulations.Customer(1, 1, 0, 100, 0, 0), ValueSettings.Default);

        Assert.Equal("111", value.Rfm);
        Assert.Null(value.Group);
    }

    [Fact]
    public void A_workspace_without_customers_has_the_empty_model()
    {
        Assert.Same(ValueModel.Empty, ValueModel.Of([PurchaseHistory.None(1), PurchaseHistory.None(2) with { Refunds = 5 }], ValueSettings.Default));
        Assert.Same(ValueModel.Empty, ValueModel.Of([], ValueSettings.Default));
    }

    private static List<ContactValue> Rated(List<PurchaseHistory> population)
    {
        var model = ValueModel.Of(population, ValueSettings.Default);
        return population.Select(h => model.Rate(h, ValueSettings.Default)).ToList();
    }

    private sealed record Metric(string Name, Func<PurchaseHistory, double> Of, Func<ContactValue, int> Score);
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

/// <summary>The reference evaluator on measure, valueGroup and stage conditions.</summary>
public sealed class ValueConditionEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>2 orders of 150 and 50, 40 refunded, 10 discounted; margin 60, cost to serve 50; scored 5, 2, 3.</summary>
    private static readonly ContactValue Buyer = new(
        new PurchaseHistory(1, 2, 200, 40, 10, Now.AddDays(-30), Now.AddDays(-2)), 60, 50, 5, 2, 3, ValueGroup.MostGrowable);

    public static TheoryData<ValueMeasure> AllMeasures => [.. Enum.GetValues<ValueMeasure>()];

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void A_contact_without_a_value_has_0_of_every_measure(ValueMeasure measure)
    {
        var name = WireName.Of(measure);
        var contact = Facts(null);

        Assert.True(Matches($$"""{"measure": "{{name}}", "op": "eq", "value": 0}""", contact));
        Assert.True(Matches($$"""{"measure": "{{name}}", "op": "lte", "value": 0}""", contact));
        Assert.False(Matches($$"""{"measure": "{{name}}", "op": "gt", "value": 0}""", contact));
        Assert.False(Matches($$"""{"measure": "{{name}}", "op": "lt", "value": 0}""", contact));
    }

    [Fact]
    public void Measures_come_from_the_value_not_from_the_events_until_the_value_is_rated()
    {
        var order = new EventFact(PurchaseHistory.OrderCompleted, Now.AddDays(-1), JsonNode.Parse("""{"revenue": 100}""")!.AsObject());
        var contact = Facts(null) with { Events = [order, order] };

        Assert.True(Matches("""{"measure": "orders", "op": "eq", "value": 0}""", contact));
        Assert.True(Matches("""{"event": "Order Completed", "count": {"atLeast": 2}}""", contact));
    }

    [Theory]
    [InlineData("orders", 2)]
    [InlineData("revenue", 200)]
    [InlineData("net_revenue", 160)]
    [InlineData("refunds", 40)]
    [InlineData("discounts", 10)]
    [InlineData("average_order_value", 100)]
    [InlineData("margin", 60)]
    [InlineData("cost_to_serve", 50)]
    [InlineData("value", 10)]
    [InlineData("recency_score", 5)]
    [InlineData("frequency_score", 2)]
    [InlineData("monetary_score", 3)]
    public void Each_measure_tests_its_number_of_the_value(string measure, double expected)
    {
        var contact = Facts(Buyer);

        Assert.True(Matches($$"""{"measure": "{{measure}}", "op": "eq", "value": {{Json(expected)}}}""", contact));
        Assert.False(Matches($$"""{"measure": "{{measure}}", "op": "neq", "value": {{Json(expected)}}}""", contact));
        Assert.False(Matches($$"""{"measure": "{{measure}}", "op": "eq", "value": {{Json(expected + 0.5)}}}""", contact));
    }

    [Theory]
    [InlineData("eq", 2, true)]
    [InlineData("neq", 2, false)]
    [InlineData("neq", 3, true)]
    [InlineData("gt", 1.5, true)]
    [InlineData("gt", 2, false)]
    [InlineData("gte", 2, true)]
    [InlineData("gte", 3, false)]
    [InlineData("lt", 3, true)]
    [InlineData("lt", 2, false)]
    [InlineData("lte", 2, true)]
    [InlineData("lte", 1, false)]
    [InlineData("gt", -1, true)]
    public void A_measure_compares_as_a_number(string op, double number, bool matches)
    {
        Assert.Equal(matches, Matches($$"""{"measure": "orders", "op": "{{op}}", "value": {{Json(number)}}}""", Facts(Buyer)));
    }

    [Fact]
    public void A_fractional_measure_compares_exactly()
    {
        var value = Buyer with { History = Buyer.History with { Orders = 3, Revenue = 100 } };

        Assert.True(Matches("""{"measure": "average_order_value", "op": "gt", "value": 33.33}""", Facts(value)));
        Assert.True(Matches("""{"measure": "average_order_value", "op": "lt", "value": 33.34}""", Facts(value)));
    }

    [Fact]
    public void A_value_group_matches_only_contacts_in_that_group()
    {
        Assert.True(Matches("""{"valueGroup": "most_growable"}""", Facts(Buyer)));
        Assert.False(Matches("""{"valueGroup": "most_valuable"}""", Facts(Buyer)));
        Assert.False(Matches("""{"valueGroup": "below_zero"}""", Facts(Buyer)));
        Assert.False(Matches("""{"valueGroup": "most_valuable"}""", Facts(Buyer with { Group = null })));
    }

    [Fact]
    public void A_contact_without_a_value_is_in_no_value_group()
    {
        Assert.False(Matches("""{"valueGroup": "most_valuable"}""", Facts(null)));
        Assert.False(Matches("""{"valueGroup": "most_growable"}""", Facts(null)));
        Assert.False(Matches("""{"valueGroup": "below_zero"}""", Facts(null)));
        Assert.True(Matches("""{"not": {"valueGroup": "below_zero"}}""", Facts(null)));
    }

    [Theory]
    [InlineData(LoyaltyStage.Suspect, false)]
    [InlineData(LoyaltyStage.Prospect, false)]
    [InlineData(LoyaltyStage.Customer, true)]
    [InlineData(LoyaltyStage.Client, false)]
    [InlineData(LoyaltyStage.Advocate, false)]
    public void A_stage_matches_only_contacts_on_that_stage(LoyaltyStage stage, bool matches)
    {
        Assert.Equal(matches, Matches("""{"stage": "customer"}""", Facts(null) with { Stage = stage }));
        Assert.Equal(matches, Matches("""{"stage": "customer", "orHigher": false}""", Facts(null) with { Stage = stage }));
    }

    [Theory]
    [InlineData(LoyaltyStage.Suspect, false)]
    [InlineData(LoyaltyStage.Prospect, false)]
    [InlineData(LoyaltyStage.Customer, true)]
    [InlineData(LoyaltyStage.Client, true)]
    [InlineData(LoyaltyStage.Supporter, true)]
    [InlineData(LoyaltyStage.Advocate, true)]
    public void A_stage_or_higher_matches_contacts_on_that_stage_or_above(LoyaltyStage stage, bool matches)
    {
        Assert.Equal(matches, Matches("""{"stage": "customer", "orHigher": true}""", Facts(null) with { Stage = stage }));
    }

    [Fact]
    public void Every_contact_is_a_suspect_or_higher_and_one_with_no_stage_is_a_suspect()
    {
        Assert.All(Enum.GetValues<LoyaltyStage>(), s => Assert.True(Matches("""{"stage": "suspect", "orHigher": true}""", Facts(null) with { Stage = s })));
        Assert.True(Matches("""{"stage": "suspect"}""", Facts(null)));
    }

    [Fact]
    public void Value_conditions_combine_with_the_others()
    {
        var condition = """{"all": [{"stage": "client", "orHigher": true}, {"measure": "value", "op": "gt", "value": 0}, {"not": {"valueGroup": "below_zero"}}]}""";

        Assert.True(Matches(condition, Facts(Buyer) with { Stage = LoyaltyStage.Supporter }));
        Assert.False(Matches(condition, Facts(Buyer) with { Stage = LoyaltyStage.Customer }));
        Assert.False(Matches(condition, Facts(Buyer with { CostToServe = 70 }) with { Stage = LoyaltyStage.Supporter }));
    }

    private static bool Matches(string json, ContactFacts facts)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var condition = SegmentJson.ReadCondition(document.RootElement, "condition", errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return new SegmentEvaluator(_ => null, Now).Matches(condition!, facts);
    }

    private static string Json(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    private static ContactFacts Facts(ContactValue? value) =>
        new(new Contact(1, null, null, null, null, null, null, [], Now, Now, Now), [], [], value);
}

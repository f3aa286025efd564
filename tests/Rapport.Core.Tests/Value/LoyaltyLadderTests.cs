using System.Text.Json;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

public sealed class LoyaltyLadderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_ladder_reads_with_a_rule_for_every_stage_above_suspect_lowest_first()
    {
        using var document = JsonDocument.Parse(LoyaltyLadder.DefaultJson);
        var errors = new FieldErrors();

        var ladder = LoyaltyLadder.Read(document.RootElement, errors);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(
            [LoyaltyStage.Prospect, LoyaltyStage.Customer, LoyaltyStage.Client, LoyaltyStage.Supporter, LoyaltyStage.Advocate],
            LoyaltyLadder.Default.Rules.Select(r => r.Stage));
        Assert.Equal(LoyaltyLadder.Default.Rules.Select(r => r.Stage), ladder!.Rules.Select(r => r.Stage));
        var customer = Assert.IsType<MeasureCondition>(LoyaltyLadder.Default.Rules[1].Condition);
        Assert.Equal((ValueMeasure.Orders, TestOperator.Gte, 1.0), (customer.Measure, customer.Test.Operator, customer.Test.Values[0].GetValue<double>()));
    }

    [Fact]
    public void A_contact_stands_on_the_highest_stage_whose_rule_holds()
    {
        var ladder = Ladder("""{"prospect": {"bucket": {"from": 0, "to": 0}}, "customer": {"bucket": {"from": 1, "to": 1}}, "client": {"bucket": {"from": 2, "to": 2}}}""");
        var prospect = ladder.Rules[0].Condition;
        var customer = ladder.Rules[1].Condition;

        Assert.Equal(LoyaltyStage.Customer, ladder.StageOf(c => c == prospect || c == customer));
        Assert.Equal(LoyaltyStage.Prospect, ladder.StageOf(c => c == prospect));
    }

    [Fact]
    public void A_higher_stage_needs_no_lower_rule_to_hold()
    {
        var ladder = LoyaltyLadder.Default;
        var advocate = ladder.Rules.Single(r => r.Stage == LoyaltyStage.Advocate).Condition;

        Assert.Equal(LoyaltyStage.Advocate, ladder.StageOf(c => c == advocate));
        Assert.Equal(LoyaltyStage.Advocate, ladder.StageOf(_ => true));
    }

    [Fact]
    public void A_contact_no_rule_holds_for_is_a_suspect()
    {
        Assert.Equal(LoyaltyStage.Suspect, LoyaltyLadder.Default.StageOf(_ => false));
        Assert.Equal(LoyaltyStage.Suspect, Ladder("{}").StageOf(_ => true));
    }

    [Fact]
    public void A_stage_left_out_is_never_reached()
    {
        var ladder = Ladder("""{"client": {"measure": "orders", "op": "gte", "value": 2}, "prospect": {"event": "Signed Up"}}""");

        Assert.Equal([LoyaltyStage.Prospect, LoyaltyStage.Client], ladder.Rules.Select(r => r.Stage));
        Assert.Equal(LoyaltyStage.Client, ladder.StageOf(_ => true));
    }

    [Theory]
    [InlineData(0, "", LoyaltyStage.Suspect)]
    [InlineData(0, "Referral Completed@1", LoyaltyStage.Suspect)]
    [InlineData(0, "Product Viewed@300", LoyaltyStage.Prospect)]
    [InlineData(0, "Signed Up@1", LoyaltyStage.Prospect)]
    [InlineData(1, "", LoyaltyStage.Customer)]
    [InlineData(1, "Product Reviewed@1", LoyaltyStage.Customer)]
    [InlineData(2, "", LoyaltyStage.Client)]
    [InlineData(2, "Product Reviewed@1", LoyaltyStage.Supporter)]
    [InlineData(3, "Order Completed@10,Order Completed@50,Order Completed@170", LoyaltyStage.Supporter)]
    [InlineData(3, "Order Completed@10,Order Completed@50,Order Completed@200", LoyaltyStage.Client)]
    [InlineData(1, "Referral Completed@400", LoyaltyStage.Advocate)]
    [InlineData(2, "Product Reviewed@1,Referral Completed@1", LoyaltyStage.Advocate)]
    public void The_default_ladder_puts_a_contact_on_the_stage_their_orders_and_events_earn(int orders, string events, LoyaltyStage stage)
    {
        var facts = Facts(orders, events);

        Assert.Equal(stage, LoyaltyLadder.Default.StageOf(c => new SegmentEvaluator(_ => null, Now).Matches(c, facts)));
    }

    [Theory]
    [InlineData("news", SubscriptionStatus.Subscribed, LoyaltyStage.Prospect)]
    [InlineData("offers", SubscriptionStatus.Subscribed, LoyaltyStage.Prospect)]
    [InlineData("news", SubscriptionStatus.Pending, LoyaltyStage.Suspect)]
    [InlineData("news", SubscriptionStatus.Unsubscribed, LoyaltyStage.Suspect)]
    [InlineData("jobs", SubscriptionStatus.Subscribed, LoyaltyStage.Suspect)]
    public void On_the_default_ladder_an_opt_in_to_a_seeded_topic_makes_a_prospect(string topic, SubscriptionStatus status, LoyaltyStage stage)
    {
        var facts = Facts(0, "") with { Subscriptions = [Subscription.Empty(1, topic, Channel.Email) with { Status = status }] };

        Assert.Equal(stage, LoyaltyLadder.Default.StageOf(c => new SegmentEvaluator(_ => null, Now).Matches(c, facts)));
    }

    [Theory]
    [InlineData("""{"champion": {"event": "Signed Up"}}""", "champion")]
    [InlineData("""{"Customer": {"event": "Signed Up"}}""", "Customer")]
    [InlineData("""{"suspect": {"event": "Signed Up"}}""", "suspect")]
    [InlineData("""{"client": {"stage": "customer"}}""", "client")]
    [InlineData("""{"client": {"all": [{"measure": "orders", "op": "gte", "value": 2}, {"stage": "customer", "orHigher": true}]}}""", "client.all[1]")]
    [InlineData("""{"supporter": {"any": [{"event": "Product Reviewed"}, {"not": {"stage": "suspect"}}]}}""", "supporter.any[1].not")]
    [InlineData("""{"prospect": {"segment": "newsletter-readers"}}""", "prospect")]
    [InlineData("""{"advocate": {"all": [{"event": "Referral Completed"}, {"not": {"segment": "vips"}}]}}""", "advocate.all[1].not")]
    [InlineData("""{"customer": {"measure": "orderz", "op": "gte", "value": 1}}""", "customer.measure")]
    [InlineData("""{"customer": {"all": [{"event": "Signed Up"}, {"valueGroup": "vip"}]}}""", "customer.all[1].valueGroup")]
    [InlineData("""{"customer": 1}""", "customer")]
    [InlineData("""{"customer": {"event": "A"}, "customer": {"event": "B"}}""", "customer")]
    [InlineData("""[{"customer": {"event": "Signed Up"}}]""", "body")]
    public void A_wrong_ladder_is_refused_naming_the_path_of_the_error(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();

        var ladder = LoyaltyLadder.Read(document.RootElement, errors);

        Assert.Null(ladder);
        Assert.Contains(path, errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("""{"client": {"stage": "customer"}}""", "cannot test stages")]
    [InlineData("""{"prospect": {"not": {"segment": "vips"}}}""", "cannot refer to segments")]
    [InlineData("""{"suspect": {"event": "Signed Up"}}""", "a suspect is who no rule holds for")]
    public void A_refused_ladder_says_why(string json, string why)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();

        LoyaltyLadder.Read(document.RootElement, errors);

        Assert.Contains(why, Assert.Single(Assert.Single(errors.ToDictionary()).Value), StringComparison.Ordinal);
    }

    [Fact]
    public void A_ladder_may_test_value_groups_and_measures()
    {
        var ladder = Ladder("""{"advocate": {"all": [{"valueGroup": "most_valuable"}, {"measure": "net_revenue", "op": "gt", "value": 1000}]}}""");

        var advocate = Assert.Single(ladder.Rules);
        Assert.Equal(LoyaltyStage.Advocate, advocate.Stage);
        Assert.IsType<AllOf>(advocate.Condition);
    }

    private static LoyaltyLadder Ladder(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var ladder = LoyaltyLadder.Read(document.RootElement, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return ladder!;
    }

    /// <summary>A contact with <paramref name="orders"/> in their value and events "Name@daysAgo,…".</summary>
    private static ContactFacts Facts(int orders, string events)
    {
        var contact = new Contact(1, null, null, null, null, null, null, [], Now, Now, Now);
        var facts = events.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('@'))
            .Select(e => new EventFact(e[0], Now.AddDays(-int.Parse(e[1], System.Globalization.CultureInfo.InvariantCulture)), []))
            .ToList();
        var history = PurchaseHistory.None(1) with { Orders = orders, FirstOrderAt = orders > 0 ? Now.AddDays(-300) : null, LastOrderAt = orders > 0 ? Now : null };
        var value = orders > 0 ? new ContactValue(history, 0, 0, 1, 1, 1, null) : null;
        return new ContactFacts(contact, facts, [], value);
    }
}

using System.Text.Json;
using Rapport.Core.Segments;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Segments;

public sealed class SegmentJsonTests
{
    private static (SegmentDefinition? Definition, FieldErrors Errors) Read(string json)
    {
        var errors = new FieldErrors();
        return (SegmentJson.Read(JsonDocument.Parse(json).RootElement, errors), errors);
    }

    [Fact]
    public void A_definition_reads_into_typed_conditions()
    {
        var (definition, errors) = Read("""
            {"key": "active-buyers", "name": "Active buyers", "condition": {"all": [
              {"trait": "traits.plan", "op": "in", "values": ["pro", "team"]},
              {"event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 100}], "count": {"atLeast": 2}, "withinDays": 30},
              {"not": {"consent": {"topic": "news", "channel": "sms"}}},
              {"bucket": {"from": 0, "to": 9}}
            ]}}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        var all = Assert.IsType<AllOf>(definition!.Condition);
        Assert.Equal(TestOperator.In, Assert.IsType<TraitCondition>(all.Conditions[0]).Test.Operator);
        var e = Assert.IsType<EventCondition>(all.Conditions[1]);
        Assert.Equal((CountRule.AtLeast, 2), (((Occurrence.Count)e.Occurrence).Rule, ((Occurrence.Count)e.Occurrence).Times));
        Assert.Equal(new TimeWindow.LastDays(30), e.Window);
        Assert.IsType<ConsentCondition>(Assert.IsType<Not>(all.Conditions[2]).Condition);
        Assert.Equal(new BucketCondition(0, 9), all.Conditions[3]);
    }

    [Theory]
    [InlineData("""{"key": "k", "name": "n", "condition": {"all": [{"trait": "traits.plan", "op": "like", "value": "x"}]}}""", "condition.all[0].op")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"all": [{}, {"trait": "password", "op": "exists"}]}}""", "condition.all[1].trait")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"event": "Order Completed", "first": true}}""", "condition.withinDays")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"event": "Journey Step"}}""", "condition.event")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"event": "Order Completed", "count": {"atLeast": "two"}}}""", "condition.count.atLeast")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"bucket": {"from": 50, "to": 10}}}""", "condition.bucket")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"trait": "traits.birthday", "op": "before", "date": "1.1.2000"}}""", "condition.date")]
    [InlineData("""{"key": "Bad Key", "name": "n", "condition": {"segment": "x"}}""", "key")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"trait": "email", "op": "eq", "value": "a", "extra": 1}}""", "condition.extra")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"received": {"channel": "pigeon"}}}""", "condition.received.channel")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"received": {"journey": "welcome"}}}""", "condition.received.journey")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"received": "news"}}""", "condition.received")]
    [InlineData("""{"key": "k", "name": "n", "condition": {"received": {}, "withinDays": 0}}""", "condition.withinDays")]
    public void A_wrong_definition_names_the_path_of_the_error(string json, string path)
    {
        var (definition, errors) = Read(json);
        Assert.Null(definition);
        Assert.Contains(path, errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_received_condition_reads_with_its_optional_topic_channel_and_window()
    {
        var (definition, errors) = Read("""
            {"key": "k", "name": "n", "condition": {"any": [{"received": {"topic": "offers", "channel": "sms"}, "withinDays": 7}, {"received": {}}]}}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        var any = Assert.IsType<AnyOf>(definition!.Condition);
        Assert.Equal(new ReceivedCondition("offers", Rapport.Core.Consent.Channel.Sms, new TimeWindow.LastDays(7)), any.Conditions[0]);
        Assert.Equal(new ReceivedCondition(null, null, null), any.Conditions[1]);
    }

    [Fact]
    public void Too_deep_a_definition_is_refused()
    {
        var json = string.Concat(Enumerable.Repeat("""{"not": """, 12)) + """{"segment": "x"}""" + new string('}', 12);
        var (definition, errors) = Read($$"""{"key": "k", "name": "n", "condition": {{json}}}""");
        Assert.Null(definition);
        Assert.Contains("at most", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_cycle_is_named_with_its_path()
    {
        var others = new Dictionary<string, SegmentDefinition>
        {
            ["b"] = new("b", "B", new SegmentCondition("c")),
            ["c"] = new("c", "C", new AnyOf([new BucketCondition(0, 5), new SegmentCondition("a")])),
        };
        Assert.Equal("a → b → c → a", SegmentReferences.Cycle(new SegmentDefinition("a", "A", new SegmentCondition("b")), others.GetValueOrDefault));
        Assert.Null(SegmentReferences.Cycle(new SegmentDefinition("d", "D", new SegmentCondition("b")), k => k == "c" ? new("c", "C", new BucketCondition(0, 1)) : others.GetValueOrDefault(k)));
    }

    [Fact]
    public void Buckets_are_stable_and_spread_evenly()
    {
        Assert.Equal(Buckets.Of(123456789), Buckets.Of(123456789));
        var counts = Enumerable.Range(1, 100_000).GroupBy(id => Buckets.Of(id)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(100, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 900, 1100));
    }
}

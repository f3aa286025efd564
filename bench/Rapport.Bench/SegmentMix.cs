using System.Text.Json.Nodes;

namespace Rapport.Bench;

/// <summary>
/// The live segments of the segment benchmark over <see cref="SegmentData"/>'s population, and the tracked event
/// that lets one contact into the <see cref="Target"/>. One segment is today's trigger: pro contacts who sent
/// "Bench Trigger", which no other segment counts. More are a mix of what a shop keeps — trait tests, event
/// counts and recency in windows of days, consent, value and ladder stages, references to other segments, and
/// not/any/all of them — whose target lets in pro contacts with an order of 1,000 or more in the last 30 days,
/// so that the event (an "Order Completed") is one that many of them count, and that re-rates the buyer.
/// </summary>
public sealed class SegmentMix
{
    private static readonly int[] Windows = [7, 30, 90, 180, 365];
    private static readonly string[] Topics = ["news", "offers", "events", "products"];

    private SegmentMix(IReadOnlyList<JsonObject> segments, string target, string eventName, JsonObject properties)
    {
        Segments = segments;
        Target = target;
        EventName = eventName;
        Properties = properties;
    }

    /// <summary>The definitions, as PUT /api/v1/segments/{key} takes them (with their key); a segment refers only to earlier ones.</summary>
    public IReadOnlyList<JsonObject> Segments { get; }

    public string Target { get; }

    public string EventName { get; }

    public JsonObject Properties { get; }

    /// <summary>Who may be sampled: not in the target before the event, and in it after.</summary>
    public static bool Enters(long contactId) => SegmentData.PlanOf(contactId) == "pro";

    /// <summary>The trigger segment alone (<paramref name="count"/> 1), else <paramref name="count"/> segments of mixed kinds.</summary>
    public static SegmentMix Of(int count)
    {
        if (count <= 1)
        {
            var trigger = Segment("triggered", "Pro and triggered", Parse("""
                {"all": [{"trait": "traits.plan", "op": "eq", "value": "pro"}, {"event": "Bench Trigger"}]}
                """));
            return new SegmentMix([trigger], "triggered", "Bench Trigger", []);
        }

        var segments = new List<JsonObject> { Segment("pro", "Pro plan", Parse("""{"trait": "traits.plan", "op": "eq", "value": "pro"}""")) };
        for (var i = 1; i < count - 1; i++)
        {
            segments.Add(Segment($"s{i:D3}-{Kind(i)}", $"Mixed {i} ({Kind(i)})", Condition(i, segments)));
        }

        segments.Add(Segment("big-order-pro", "Pro with a big order this month", Parse("""
            {"all": [{"segment": "pro"},
                     {"event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 1000}], "withinDays": 30}]}
            """)));
        return new SegmentMix(segments, "big-order-pro", "Order Completed", new JsonObject { ["total"] = 1500, ["currency"] = "EUR" });
    }

    private static string Kind(int i) => (i % 10) switch
    {
        0 => "plans",
        1 => "country-visits",
        2 => "event-count",
        3 => "consent",
        4 => "value",
        5 => "nested",
        6 => "not-clicked",
        7 => "any-order",
        8 => "last-viewed",
        _ => "five",
    };

    /// <summary>The i-th mixed condition; its values vary with i so that no two segments ask the same.</summary>
    private static JsonObject Condition(int i, List<JsonObject> earlier)
    {
        var plan = SegmentData.Plans[i % SegmentData.Plans.Length];
        var country = SegmentData.Countries[i % SegmentData.Countries.Length];
        var days = Windows[i / 10 % Windows.Length];
        var times = 1 + i / 10 % 3;
        var visits = 5 + i % 15;
        var text = (i % 10) switch
        {
            0 => $$"""
                 {"all": [{"trait": "traits.plan", "op": "in", "values": ["{{plan}}", "{{SegmentData.Plans[(i + 1) % 4]}}"]},
                          {"trait": "traits.country", "op": "eq", "value": "{{country}}"}]}
                 """,
            1 => $$"""{"all": [{"trait": "traits.country", "op": "eq", "value": "{{country}}"}, {"trait": "traits.visits", "op": "gte", "value": {{visits}}}]}""",
            2 => $$"""{"event": "{{SegmentData.EventNames[i / 10 % 4]}}", "count": {"atLeast": {{times + 1}}}, "withinDays": {{Windows[i / 10 % 3]}}}""",
            3 => $$"""{"any": [{"consent": {"topic": "{{Topics[i / 10 % 4]}}", "channel": "{{(i / 10 % 2 == 0 ? "email" : "sms")}}"} }, {"trait": "traits.visits", "op": "eq", "value": {{visits}}}]}""",
            4 => (i / 10 % 3) switch
            {
                0 => $$"""{"measure": "orders", "op": "gte", "value": {{times}}}""",
                1 => """{"valueGroup": "most_valuable"}""",
                _ => """{"stage": "client", "orHigher": true}""",
            },
            5 => $$"""{"all": [{"segment": "{{earlier[i - 4]["key"]}}"}, {"trait": "traits.plan", "op": "neq", "value": "{{plan}}"}]}""",
            6 => $$"""{"all": [{"trait": "traits.plan", "op": "eq", "value": "{{plan}}"}, {"not": {"event": "Email Clicked", "withinDays": {{days}}} }]}""",
            7 => $$"""
                 {"any": [{"event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": {{400 + i}}}], "withinDays": {{days}}},
                          {"trait": "traits.visits", "op": "eq", "value": {{visits}}}]}
                 """,
            8 => $$"""{"all": [{"event": "Product Viewed", "last": true, "withinDays": {{Math.Max(1, days / 30)}}}, {"trait": "traits.country", "op": "eq", "value": "{{country}}"}]}""",
            _ => $$"""
                 {"all": [{"trait": "traits.plan", "op": "in", "values": ["pro", "team"]}, {"trait": "traits.country", "op": "eq", "value": "{{country}}"},
                          {"trait": "traits.visits", "op": "gte", "value": {{visits}}},
                          {"event": "Order Completed", "count": {"atLeast": {{times}}}, "withinDays": {{days}}},
                          {"not": {"event": "Email Clicked", "withinDays": 30} }]}
                 """,
        };
        return Parse(text);
    }

    private static JsonObject Segment(string key, string name, JsonObject condition) =>
        new() { ["key"] = key, ["name"] = name, ["condition"] = condition };

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}

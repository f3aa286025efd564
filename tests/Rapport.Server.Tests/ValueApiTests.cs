using System.Net;
using System.Text.Json.Nodes;
using Rapport.Core.Workspaces;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Customer value and the ladder of loyalty through the running server, each test in a workspace of its own.</summary>
public abstract class ValueApiTests(ServerFixture server)
{
    private async Task<(HttpClient Admin, HttpClient Ingest)> WorkspaceAsync()
    {
        var name = Some.Id("value");
        return (server.Client(await server.NewKeyAsync(ApiKeyRole.Admin, name)), server.Client(await server.NewKeyAsync(ApiKeyRole.Ingest, name)));
    }

    private static async Task<long> TrackAsync(HttpClient ingest, HttpClient admin, string userId, string @event, string properties = "{}")
    {
        var (status, _) = await ingest.PostAsync("/v1/track", $$$"""{"userId": "{{{userId}}}", "event": "{{{@event}}}", "properties": {{{properties}}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        return (await admin.GetJsonAsync($"/api/v1/contacts?externalId={userId}")).Body!["items"]![0]!["id"]!.GetValue<long>();
    }

    /// <summary>Waits for the background upkeep to bring the contact's value to what <paramref name="done"/> wants.</summary>
    private static Task<JsonNode> ValueAsync(HttpClient admin, long id, Func<JsonNode, bool> done) =>
        Eventually.UntilAsync(async () => (await admin.GetJsonAsync($"/api/v1/contacts/{id}/value")).Body!, done, $"contact {id}'s value");

    /// <summary>Waits for an event of this name on the contact's timeline: Rapport writes its own as upkeep runs.</summary>
    private static async Task<JsonNode> TimelineEventAsync(HttpClient admin, long id, string name)
    {
        var items = await Eventually.UntilAsync(
            async () => (await admin.GetJsonAsync($"/api/v1/contacts/{id}/timeline")).Body!["items"]!.AsArray(),
            items => items.Any(e => e!["name"]?.GetValue<string>() == name), $"{name} on contact {id}'s timeline");
        return items.First(e => e!["name"]?.GetValue<string>() == name)!;
    }

    [Fact]
    public async Task A_buyer_is_valued_and_climbs_the_ladder_as_they_buy_and_segments_follow()
    {
        var (admin, ingest) = await WorkspaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, "/api/v1/segments/repeat-buyers",
            """{"name": "Repeat buyers", "condition": {"stage": "client", "orHigher": true}}""")).Status);

        var id = await TrackAsync(ingest, admin, "shopper", "Product Viewed");
        await ValueAsync(admin, id, v => v["stage"]!.GetValue<string>() == "prospect");

        var orders = """
            {"batch": [{"type": "track", "userId": "shopper", "event": "Order Completed", "properties": {"revenue": 120, "discount": 10}},
                       {"type": "track", "userId": "shopper", "event": "Order Completed", "properties": {"total": 80}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/batch", orders)).Status);
        var value = await ValueAsync(admin, id, v => v["stage"]!.GetValue<string>() == "client");
        Assert.Equal((2, 200.0, 100.0, 60.0, 10.0, 50.0), (value["orders"]!.GetValue<int>(), value["revenue"]!.GetValue<double>(),
            value["averageOrderValue"]!.GetValue<double>(), value["margin"]!.GetValue<double>(), value["costToServe"]!.GetValue<double>(), value["value"]!.GetValue<double>()));
        Assert.Equal(["suspect → prospect", "prospect → client"],
            value["stageHistory"]!.AsArray().Select(m => $"{m!["from"]} → {m["to"]}"));

        var members = (await admin.GetJsonAsync("/api/v1/segments/repeat-buyers/members")).Body!["items"]!.AsArray();
        Assert.Equal([id], members.Select(m => m!["id"]!.GetValue<long>()));
        var entered = await TimelineEventAsync(admin, id, "Segment Entered");
        Assert.Equal("repeat-buyers", entered["properties"]!["segment"]!.GetValue<string>());

        // A second, smaller customer, then everyone is rated against everyone.
        var small = await TrackAsync(ingest, admin, "small", "Order Completed", """{"revenue": 5, "discount": 4}""");
        await ValueAsync(admin, small, v => v["orders"]!.GetValue<int>() == 1);
        var refresh = (await admin.PostAsync("/api/v1/value/refresh", "{}")).Body!;
        Assert.Equal(2, refresh["valued"]!.GetValue<int>());
        var (big, little) = ((await admin.GetJsonAsync($"/api/v1/contacts/{id}/value")).Body!, (await admin.GetJsonAsync($"/api/v1/contacts/{small}/value")).Body!);
        Assert.True(big["monetaryScore"]!.GetValue<int>() > little["monetaryScore"]!.GetValue<int>());
        Assert.Equal(("most_valuable", "below_zero"), (big["valueGroup"]!.GetValue<string>(), little["valueGroup"]!.GetValue<string>()));

        var groups = (await admin.GetJsonAsync("/api/v1/value/groups")).Body!.AsArray();
        Assert.Equal(1, groups.Single(g => g!["group"]?.GetValue<string>() == "below_zero")!["contacts"]!.GetValue<int>());
        var stages = (await admin.GetJsonAsync("/api/v1/loyalty/stages")).Body!.AsArray();
        Assert.Equal((1, 1), (stages.Single(s => s!["stage"]!.GetValue<string>() == "client")!["contacts"]!.GetValue<int>(),
            stages.Single(s => s!["stage"]!.GetValue<string>() == "customer")!["contacts"]!.GetValue<int>()));
        var flows = (await admin.GetJsonAsync("/api/v1/loyalty/flows")).Body!.AsArray();
        Assert.Contains(flows, f => f!["from"]!.GetValue<string>() == "prospect" && f["to"]!.GetValue<string>() == "client" && f["contacts"]!.GetValue<int>() == 1);
    }

    [Fact]
    public async Task A_workspace_changes_its_ladder_and_settings_and_bad_ones_name_the_field()
    {
        var (admin, ingest) = await WorkspaceAsync();
        var id = await TrackAsync(ingest, admin, "reader", "Article Read");
        Assert.Equal("suspect", (await admin.GetJsonAsync($"/api/v1/contacts/{id}/value")).Body!["stage"]!.GetValue<string>());

        var (status, body) = await admin.SendAsync(HttpMethod.Put, "/api/v1/loyalty/ladder", """{"prospect": {"event": "Article Read"}}""");
        Assert.Equal((HttpStatusCode.OK, 1), (status, body!["moves"]!.GetValue<int>()));
        Assert.Equal("prospect", (await admin.GetJsonAsync($"/api/v1/contacts/{id}/value")).Body!["stage"]!.GetValue<string>());
        Assert.NotNull((await admin.GetJsonAsync("/api/v1/loyalty/ladder")).Body!["prospect"]!["event"]);

        var bad = await admin.SendAsync(HttpMethod.Put, "/api/v1/loyalty/ladder",
            """{"vip": {"event": "X"}, "client": {"stage": "customer"}, "advocate": {"measure": "orders", "op": "contains", "value": "x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(["advocate", "client", "vip"], bad.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        var settings = await admin.SendAsync(HttpMethod.Put, "/api/v1/value/settings", """{"marginRate": 0.5}""");
        Assert.Equal((HttpStatusCode.OK, 0.5, 20), (settings.Status, settings.Body!["marginRate"]!.GetValue<double>(), settings.Body["mostValuablePercent"]!.GetValue<int>()));
        var wrong = await admin.SendAsync(HttpMethod.Put, "/api/v1/value/settings", """{"marginRate": 2, "growableScore": "high", "colour": 1}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(["colour", "growableScore", "marginRate"], wrong.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetJsonAsync("/api/v1/loyalty/flows?from=yesterday")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/v1/contacts/999999999/value")).Status);
    }

    [Fact]
    public async Task An_empty_ladder_makes_everyone_a_suspect_and_upkeep_goes_on()
    {
        var (admin, ingest) = await WorkspaceAsync();
        var id = await TrackAsync(ingest, admin, "browser", "Product Viewed");
        await ValueAsync(admin, id, v => v["stage"]!.GetValue<string>() == "prospect");

        var (status, body) = await admin.SendAsync(HttpMethod.Put, "/api/v1/loyalty/ladder", "{}");
        Assert.Equal((HttpStatusCode.OK, 1), (status, body!["moves"]!.GetValue<int>()));
        Assert.Equal("suspect", (await admin.GetJsonAsync($"/api/v1/contacts/{id}/value")).Body!["stage"]!.GetValue<string>());

        await TrackAsync(ingest, admin, "browser", "Order Completed", """{"revenue": 10}""");
        await ValueAsync(admin, id, v => v["orders"]!.GetValue<int>() == 1 && v["stage"]!.GetValue<string>() == "suspect");
    }

    [Fact]
    public async Task A_merge_brings_the_absorbed_purchases_into_the_survivors_value()
    {
        var (admin, ingest) = await WorkspaceAsync();
        var id = await TrackAsync(ingest, admin, "regular", "Order Completed", """{"revenue": 30}""");
        await ValueAsync(admin, id, v => v["orders"]!.GetValue<int>() == 1);
        var anonymous = Some.Id("anon");
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/track",
            $$$"""{"anonymousId": "{{{anonymous}}}", "event": "Order Completed", "properties": {"revenue": 20}}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/alias", $$$"""{"userId": "regular", "previousId": "{{{anonymous}}}"}""")).Status);

        var value = await ValueAsync(admin, id, v => v["orders"]!.GetValue<int>() == 2 && v["stage"]!.GetValue<string>() == "client");
        Assert.Equal(50.0, value["revenue"]!.GetValue<double>());
        var groups = (await admin.GetJsonAsync("/api/v1/value/groups")).Body!.AsArray();
        Assert.Equal(1, groups.Sum(g => g!["contacts"]!.GetValue<int>())); // the absorbed contact's value went with it
    }

    [Fact]
    public async Task Deleting_a_segment_tells_each_member_s_timeline_they_left()
    {
        var (admin, ingest) = await WorkspaceAsync();
        var id = await TrackAsync(ingest, admin, "member", "Newsletter Read");
        await admin.SendAsync(HttpMethod.Put, "/api/v1/segments/readers", """{"name": "Readers", "condition": {"event": "Newsletter Read"}}""");
        await TimelineEventAsync(admin, id, "Segment Entered");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, "/api/v1/segments/readers", null)).Status);
        var exited = await TimelineEventAsync(admin, id, "Segment Exited");
        Assert.Equal("readers", exited["properties"]!["segment"]!.GetValue<string>());
    }
}

public sealed class ValueApiOnSqlite(SqliteServer server) : ValueApiTests(server), IClassFixture<SqliteServer>;

public sealed class ValueApiOnPostgres(PostgresServer server) : ValueApiTests(server), IClassFixture<PostgresServer>;

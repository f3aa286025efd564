using System.Net;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

public abstract class SegmentsApiTests(ServerFixture server)
{
    private async Task<string> PeopleAsync(params string[] plans)
    {
        var prefix = Some.Id("seg");
        using var ingest = server.Client(server.IngestKey);
        var batch = string.Join(',', plans.Select((plan, i) =>
            $$$"""{"type": "identify", "userId": "{{{prefix}}}-{{{i}}}", "traits": {"plan": "{{{plan}}}", "email": "{{{prefix}}}-{{{i}}}@example.com", "cohort": "{{{prefix}}}"}}"""));
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/batch", $$$"""{"batch": [{{{batch}}}]}""")).Status);
        return prefix;
    }

    [Fact]
    public async Task A_segment_is_saved_in_versions_counted_previewed_listed_exported_and_deleted()
    {
        var cohort = await PeopleAsync("pro", "free", "pro", "team");
        var admin = server.Client();
        var key = Some.Id("pros").ToLowerInvariant();
        var condition = $$$"""{"all": [{"trait": "traits.cohort", "op": "eq", "value": "{{{cohort}}}"}, {"trait": "traits.plan", "op": "eq", "value": "pro"}]}""";

        var (status, saved) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{key}", $$$"""{"name": "Pro plan", "condition": {{{condition}}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, saved!["version"]!.GetValue<int>());
        Assert.Equal(2, (await admin.GetJsonAsync($"/api/v1/segments/{key}")).Body!["members"]!.GetValue<long>());

        var wider = $$$"""{"all": [{"trait": "traits.cohort", "op": "eq", "value": "{{{cohort}}}"}, {"trait": "traits.plan", "op": "in", "values": ["pro", "team"]}]}""";
        var (_, second) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{key}", $$$"""{"name": "Paying", "condition": {{{wider}}}}""");
        Assert.Equal(2, second!["version"]!.GetValue<int>());
        var (_, preview) = await admin.PostAsync("/api/v1/segments/preview", $$$"""{"condition": {"segment": "{{{key}}}"}}""");
        Assert.Equal(3, preview!["count"]!.GetValue<long>());
        Assert.Equal(3, preview["sample"]!.AsArray().Count);
        Assert.Contains((await admin.GetJsonAsync("/api/v1/segments")).Body!.AsArray(), s => s!["key"]!.GetValue<string>() == key && s["name"]!.GetValue<string>() == "Paying");

        var page = (await admin.GetJsonAsync($"/api/v1/segments/{key}/members?limit=2")).Body!;
        Assert.Equal(2, page["items"]!.AsArray().Count);
        var rest = (await admin.GetJsonAsync($"/api/v1/segments/{key}/members?limit=2&after={page["next"]!.GetValue<string>()}")).Body!;
        Assert.Single(rest["items"]!.AsArray());
        var csv = await admin.GetStringAsync($"/api/v1/segments/{key}/members?format=csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,externalId,email,phone", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains($"{cohort}-", l, StringComparison.Ordinal));

        using var deleted = await admin.DeleteAsync($"/api/v1/segments/{key}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync($"/api/v1/segments/{key}")).Status);
    }

    [Fact]
    public async Task Wrong_definitions_name_the_path_and_references_must_exist_without_cycles()
    {
        var admin = server.Client();
        var (status, body) = await admin.SendAsync(HttpMethod.Put, "/api/v1/segments/broken",
            """{"name": "Broken", "condition": {"any": [{"trait": "traits.plan", "op": "matches", "value": "x"}, {"event": "Order Completed", "count": {"atLeast": -1}}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["condition.any[0].op"]);
        Assert.NotNull(body["errors"]!["condition.any[1].count.atLeast"]);

        var (missingStatus, missing) = await admin.SendAsync(HttpMethod.Put, "/api/v1/segments/needs-other", """{"name": "N", "condition": {"segment": "nowhere"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, missingStatus);
        Assert.Contains("nowhere", missing!["errors"]!["condition"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var a = Some.Id("a").ToLowerInvariant();
        var b = Some.Id("b").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{a}", """{"name": "A", "condition": {"bucket": {"from": 0, "to": 49}}}""");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{b}", $$$"""{"name": "B", "condition": {"segment": "{{{a}}}"}}""");
        var (cycleStatus, cycle) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{a}", $$$$"""{"name": "A", "condition": {"not": {"segment": "{{{{b}}}}"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, cycleStatus);
        Assert.Contains($"{a} → {b} → {a}", cycle!["errors"]!["condition"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

/// <summary>Membership kept current by the running server as events, profile and consent change.</summary>
public abstract class LiveSegmentTests(ServerFixture server)
{
    /// <summary>Waits until the contact's stored membership of the segment is open (or closed).</summary>
    private async Task<JsonNode> MembershipAsync(long contactId, string key, bool open)
    {
        JsonNode? Last(JsonArray stays) => stays.LastOrDefault(m => m!["segmentKey"]!.GetValue<string>() == key);
        var stays = await Eventually.UntilAsync(
            async () => (await server.Client().GetJsonAsync($"/api/v1/contacts/{contactId}/segments")).Body!.AsArray(),
            stays => Last(stays) is { } stay && (stay["exitedAt"] is null) == open, $"contact {contactId} {(open ? "entering" : "leaving")} {key}");
        return Last(stays)!;
    }

    private async Task<long> IdentifyAsync(string userId, string traits)
    {
        using var ingest = server.Client(server.IngestKey);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/identify", $$$"""{"userId": "{{{userId}}}", "traits": {{{traits}}}}""")).Status);
        return (await server.Client().GetJsonAsync($"/api/v1/contacts?externalId={userId}")).Body!["items"]![0]!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task People_enter_and_leave_as_their_traits_events_and_consent_change()
    {
        var admin = server.Client();
        var cohort = Some.Id("c");
        var before = await IdentifyAsync(Some.Id("u"), $$$"""{"cohort": "{{{cohort}}}", "plan": "pro"}""");
        var (pros, buyers, readers) = (Some.Id("pros").ToLowerInvariant(), Some.Id("buyers").ToLowerInvariant(), Some.Id("readers").ToLowerInvariant());
        var mine = $$$"""{"trait": "traits.cohort", "op": "eq", "value": "{{{cohort}}}"}""";
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{pros}", $$$"""{"name": "Pros", "condition": {"all": [{{{mine}}}, {"trait": "traits.plan", "op": "eq", "value": "pro"}]}}""");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{buyers}", $$$"""{"name": "Buyers", "condition": {"all": [{{{mine}}}, {"event": "Order Completed", "withinDays": 30}]}}""");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{readers}", $$$"""{"name": "Readers", "condition": {"all": [{{{mine}}}, {"consent": {"topic": "news", "channel": "email"}}]}}""");
        await MembershipAsync(before, pros, open: true); // a saved segment is evaluated for everyone already there

        var userId = Some.Id("u");
        var id = await IdentifyAsync(userId, $$$"""{"cohort": "{{{cohort}}}", "plan": "pro"}""");
        await MembershipAsync(id, pros, open: true);
        await IdentifyAsync(userId, """{"plan": "free"}""");
        var left = await MembershipAsync(id, pros, open: false);
        Assert.NotNull(left["enteredAt"]);

        using var ingest = server.Client(server.IngestKey);
        await ingest.PostAsync("/v1/track", $$$"""{"userId": "{{{userId}}}", "event": "Order Completed", "properties": {"total": 40}}""");
        await MembershipAsync(id, buyers, open: true);

        await admin.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "topic": "news", "channel": "email"}""");
        await MembershipAsync(id, readers, open: true);
        await admin.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "withdraw", "topic": "news"}""");
        await MembershipAsync(id, readers, open: false);

        var changes = (await admin.GetJsonAsync($"/api/v1/segments/{pros}/changes")).Body!.AsArray();
        Assert.Contains(changes, c => c!["contactId"]!.GetValue<long>() == id && c["exitedAt"] is not null);
    }
}

public sealed class LiveSegmentsOnSqlite(SqliteServer server) : LiveSegmentTests(server), IClassFixture<SqliteServer>;

public sealed class LiveSegmentsOnPostgres(PostgresServer server) : LiveSegmentTests(server), IClassFixture<PostgresServer>;

public sealed class SegmentsApiOnSqlite(SqliteServer server) : SegmentsApiTests(server), IClassFixture<SqliteServer>;

public sealed class SegmentsApiOnPostgres(PostgresServer server) : SegmentsApiTests(server), IClassFixture<PostgresServer>;

using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>The Segment HTTP Tracking API, as a Segment library uses it.</summary>
public abstract class TrackingApiTests(ServerFixture server)
{
    [Fact]
    public async Task Identify_and_track_build_a_profile_and_a_timeline()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("user");
        var anon = Some.Id("anon");

        var page = await ingest.PostAsync("/v1/page", $$$"""{"anonymousId":"{{{anon}}}","name":"Pricing","properties":{"path":"/pricing"}}""");
        var identify = await ingest.PostAsync("/v1/identify", $$$"""
            {"userId":"{{{user}}}","anonymousId":"{{{anon}}}","traits":{"email":"Jan@Example.PL","phone":"+48 601 234 567","plan":"pro",
             "address":{"street":"ul. Długa 1","city":"Gdańsk","postalCode":"80-001","country":"PL"}},
             "context":{"locale":"pl-PL","timezone":"Europe/Warsaw"},"timestamp":"2026-03-01T08:00:00Z"}
            """);
        var track = await ingest.PostAsync("/v1/track", $$$"""{"userId":"{{{user}}}","event":"Order Completed","properties":{"revenue":99.5}}""");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(HttpStatusCode.OK, identify.Status);
        Assert.True((bool)track.Body!["success"]!);
        var contact = await FindAsync(admin, "externalId", user);
        Assert.Equal("Jan@example.pl", (string?)contact["email"]);
        Assert.Equal("+48601234567", (string?)contact["phone"]);
        Assert.Equal("Gdańsk", (string?)contact["address"]!["city"]);
        Assert.Equal(("pl-PL", "Europe/Warsaw"), ((string?)contact["locale"], (string?)contact["timeZone"]));
        Assert.Equal("pro", (string?)contact["traits"]!["plan"]);
        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline")).Body!["items"]!.AsArray()
            .Where(e => (string?)e!["source"] != "rapport").ToList(); // what was sent, not Rapport's own (Stage Changed…)
        Assert.Equal(["track", "page", "identify"], timeline.Select(e => (string)e!["type"]!));
        Assert.Equal("Order Completed", (string?)timeline[0]!["name"]);
        Assert.Equal(99.5, (double)timeline[0]!["properties"]!["revenue"]!);
    }

    [Fact]
    public async Task An_anonymous_visitor_who_logs_in_as_a_known_customer_is_merged_into_one_profile()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("known");
        var anon = Some.Id("visitor");
        var oldLogin = Some.Id("old");
        await ingest.PostAsync("/v1/identify", $$$"""{"userId":"{{{user}}}","traits":{"plan":"gold"},"timestamp":"2026-02-01T10:00:00Z"}""");
        await ingest.PostAsync("/v1/track", $$$"""{"userId":"{{{oldLogin}}}","event":"Signed In"}""");
        await ingest.PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"page","anonymousId":"{{{anon}}}","name":"Home"},
              {"type":"identify","anonymousId":"{{{anon}}}","traits":{"newsletter":"weekly"},"timestamp":"2026-02-02T10:00:00Z"},
              {"type":"track","userId":"{{{user}}}","anonymousId":"{{{anon}}}","event":"Signed In"},
              {"type":"alias","userId":"{{{user}}}","previousId":"{{{oldLogin}}}"}
            ]}
            """);

        var contact = await FindAsync(admin, "externalId", user);
        Assert.Equal(("gold", "weekly"), ((string?)contact["traits"]!["plan"], (string?)contact["traits"]!["newsletter"]));
        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline")).Body!["items"]!.AsArray();
        Assert.Equal(["alias", "track", "page", "track", "identify", "identify"], timeline.Select(e => (string)e!["type"]!));
        var (status, body) = await admin.GetJsonAsync($"/api/v1/contacts?externalId={oldLogin}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body!["items"]!.AsArray()); // the old login's profile was absorbed
    }

    [Fact]
    public async Task A_batch_keeps_its_valid_messages_lists_the_rejected_and_keeps_them_as_dead_letters()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("batch");
        var marker = Some.Id("bad");
        var (status, body) = await ingest.PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"track","userId":"{{{user}}}","event":"One"},
              {"type":"track","event":"No one","properties":{"marker":"{{{marker}}}"}},
              {"type":"launch","userId":"{{{user}}}"},
              {"type":"track","userId":"{{{user}}}","event":"Two","properties":"not an object"},
              {"type":"track","userId":"{{{user}}}","event":"Three","timestamp":"yesterday"},
              {"type":"identify","userId":"{{{user}}}","traits":{"plan":"basic"}},
              {"type":"track","userId":"{{{user}}}","event":"Nul","properties":{"note":"a\u0000b"}}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int)body!["stored"]!);
        var rejected = body["rejected"]!.AsArray();
        Assert.Equal([1, 2, 3, 4, 6], rejected.Select(r => (int)r!["index"]!));
        Assert.Contains("NUL", (string?)rejected[4]!["reason"]);
        Assert.Contains("userId or an anonymousId", (string?)rejected[0]!["reason"]);
        Assert.Contains("'launch' is unknown", (string?)rejected[1]!["reason"]);
        Assert.Contains("properties must be an object", (string?)rejected[2]!["reason"]);
        Assert.Contains("timestamp must be an ISO 8601", (string?)rejected[3]!["reason"]);
        var letters = await AllDeadLettersAsync(admin);
        var kept = Assert.Single(letters, l => l["payload"] is JsonObject { } payload
                                               && payload["properties"] is JsonObject properties && (string?)properties["marker"] == marker);
        Assert.Contains("userId or an anonymousId", (string?)kept["reason"]);
    }

    [Fact]
    public async Task A_track_named_like_one_of_Rapports_own_events_is_rejected_and_the_rest_of_its_batch_stored()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("faker");
        var fake = Some.Id("vip");
        var (status, body) = await ingest.PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"identify","userId":"{{{user}}}","traits":{"plan":"basic"}},
              {"type":"track","userId":"{{{user}}}","event":"Segment Entered","properties":{"segment":"{{{fake}}}"}},
              {"type":"track","userId":"{{{user}}}","event":"Order Completed","properties":{"revenue":10}}
            ]}
            """);
        var single = await ingest.PostAsync("/v1/track", $$$"""{"userId":"{{{user}}}","event":"Stage Changed","properties":{"from":"suspect","to":"advocate"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int)body!["stored"]!);
        var rejected = Assert.Single(body["rejected"]!.AsArray())!;
        Assert.Equal((1, "event 'Segment Entered' is reserved: only Rapport records it"), ((int)rejected["index"]!, (string?)rejected["reason"]));
        Assert.Equal(HttpStatusCode.BadRequest, single.Status);
        Assert.Equal("event 'Stage Changed' is reserved: only Rapport records it", (string?)single.Body!["errors"]!["message"]![0]);
        var letters = await AllDeadLettersAsync(admin);
        Assert.Single(letters, l => l["payload"] is JsonObject { } payload && payload["properties"] is JsonObject properties && (string?)properties["segment"] == fake);

        var contact = await FindAsync(admin, "externalId", user);
        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline")).Body!["items"]!.AsArray();
        Assert.Equal(["Order Completed", null], timeline.Where(e => (string?)e!["source"] != "rapport").Select(e => (string?)e!["name"]));
        Assert.DoesNotContain(timeline, e => (string?)e!["properties"]!["segment"] == fake || (string?)e!["properties"]!["to"] == "advocate");
    }

    [Fact]
    public async Task A_retried_batch_stores_nothing_twice()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("retry");
        var batch = $$$"""{"batch":[{"type":"track","userId":"{{{user}}}","event":"A","messageId":"{{{user}}}-1"},{"type":"track","userId":"{{{user}}}","event":"B","messageId":"{{{user}}}-2"}]}""";

        var first = await ingest.PostAsync("/v1/batch", batch);
        var second = await ingest.PostAsync("/v1/batch", batch);

        Assert.Equal((2, 0), ((int)first.Body!["stored"]!, (int)first.Body["duplicates"]!));
        Assert.Equal((0, 2), ((int)second.Body!["stored"]!, (int)second.Body["duplicates"]!));
        var contact = await FindAsync(admin, "externalId", user);
        Assert.Equal(2, (await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline")).Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Oversized_payloads_are_refused_with_413_and_an_oversized_message_only_alone()
    {
        using var ingest = server.Client(server.IngestKey);
        var big = new string('x', 33 * 1024);
        var single = await ingest.PostAsync("/v1/track", $$$"""{"userId":"big","event":"Big","properties":{"blob":"{{{big}}}"}}""");
        var oneBigInBatch = await ingest.PostAsync("/v1/batch",
            $$$"""{"batch":[{"type":"track","userId":"{{{Some.Id("big")}}}","event":"Small"},{"type":"track","userId":"big","event":"Big","properties":{"blob":"{{{big}}}"}}]}""");
        var hugeBatch = await ingest.PostAsync("/v1/batch",
            "{\"batch\":[" + string.Join(',', Enumerable.Repeat($$$"""{"type":"track","userId":"x","event":"E","properties":{"p":"{{{new string('y', 20_000)}}}"}}""", 30)) + "]}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, single.Status);
        Assert.Equal(HttpStatusCode.OK, oneBigInBatch.Status);
        Assert.Equal(1, (int)oneBigInBatch.Body!["stored"]!);
        Assert.Contains("larger than 32 KB", (string?)oneBigInBatch.Body["rejected"]![0]!["reason"]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeBatch.Status);
    }

    [Theory]
    [InlineData("/v1/track", """{"userId":"u","event":"x",""", "body")]
    [InlineData("/v1/track", """{"userId":"u"}""", "message")]
    [InlineData("/v1/identify", """{"traits":{"a":1}}""", "message")]
    [InlineData("/v1/alias", """{"userId":"u"}""", "message")]
    [InlineData("/v1/track", """{"anonymousId":{"nested":true},"event":"x"}""", "message")]
    [InlineData("/v1/batch", """{"batch":"nope"}""", "batch")]
    [InlineData("/v1/batch", "[]", "batch")]
    public async Task Bad_input_gets_400_problem_details_naming_the_field(string path, string json, string field)
    {
        using var ingest = server.Client(server.IngestKey);
        var (status, body) = await ingest.PostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Fact]
    public async Task Browser_libraries_send_the_write_key_in_a_text_plain_body_to_one_letter_paths()
    {
        using var anonymous = server.Anonymous();
        var anon = Some.Id("browser");
        var json = $$$"""{"anonymousId":"{{{anon}}}","event":"Clicked","messageId":"{{{anon}}}","writeKey":"{{{server.IngestKey}}}"}""";

        using var first = await anonymous.PostAsync("/v1/t", new StringContent(json, Encoding.UTF8, "text/plain"));
        using var again = await anonymous.PostAsync("/v1/track", new StringContent(json, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Equal((0, 1), ((int)answer["stored"]!, (int)answer["duplicates"]!)); // the first call stored it
    }

    [Fact]
    public async Task A_gzipped_batch_is_accepted()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("gzip");
        var json = $$$"""{"batch":[{"type":"identify","userId":"{{{user}}}","traits":{"email":"{{{user}}}@example.com"}}]}""";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await ingest.PostAsync("/v1/batch", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{user}@example.com", (string?)(await FindAsync(admin, "externalId", user))["email"]);
    }

    internal static async Task<JsonNode> FindAsync(HttpClient admin, string key, string value)
    {
        var (status, body) = await admin.GetJsonAsync($"/api/v1/contacts?{key}={Uri.EscapeDataString(value)}");
        Assert.Equal(HttpStatusCode.OK, status);
        return Assert.Single(body!["items"]!.AsArray())!;
    }

    internal static async Task<List<JsonNode>> AllDeadLettersAsync(HttpClient admin)
    {
        var all = new List<JsonNode>();
        string? after = null;
        do
        {
            var body = (await admin.GetJsonAsync("/api/v1/dead-letters?limit=500" + (after is null ? "" : "&after=" + after))).Body!;
            all.AddRange(body["items"]!.AsArray().Select(n => n!));
            after = (string?)body["next"];
        }
        while (after is not null);

        return all;
    }
}

public sealed class TrackingApiOnSqlite(SqliteServer server) : TrackingApiTests(server), IClassFixture<SqliteServer>;

public sealed class TrackingApiOnPostgres(PostgresServer server) : TrackingApiTests(server), IClassFixture<PostgresServer>;

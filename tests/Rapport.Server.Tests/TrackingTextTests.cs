using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// Text in tracked messages, on both stores alike: a message whose text is not accepted is rejected by
/// its index with the reason and kept as a dead letter, the rest of its batch is stored; an identifier
/// follows one rule everywhere; the dead-letter list can always be read.
/// </summary>
public abstract class TrackingTextTests(ServerFixture server)
{
    [Fact]
    public async Task A_lone_surrogate_in_one_message_rejects_that_message_by_index_and_stores_the_rest()
    {
        using var ingest = server.Client(server.IngestKey);
        using var admin = server.Client();
        var user = Some.Id("surrogate");
        var marker = Some.Id("bad");

        var (status, body) = await ingest.PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"track","userId":"{{{user}}}","event":"Good","messageId":"{{{user}}}-good"},
              {"type":"track","userId":"{{{user}}}","event":"Bad","messageId":"{{{marker}}}","properties":{"note":"\ud800"}}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)body!["stored"]!);
        var rejected = Assert.Single(body["rejected"]!.AsArray())!;
        Assert.Equal(1, (int)rejected["index"]!);
        Assert.StartsWith("properties.note: holds an unpaired surrogate", (string?)rejected["reason"], StringComparison.Ordinal);
        var contact = await TrackingApiTests.FindAsync(admin, "externalId", user);
        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline")).Body!["items"]!.AsArray();
        Assert.Equal(["Good"], timeline.Where(e => (string?)e!["type"] == "track").Select(e => (string?)e!["name"]));
        Assert.Single(await TrackingApiTests.AllDeadLettersAsync(admin), l => Text(l, "payload", "messageId") == marker);
    }

    [Fact]
    public async Task A_single_message_with_text_that_is_not_accepted_gets_400_naming_the_field()
    {
        var (status, body) = await server.Client(server.IngestKey).PostAsync("/v1/track",
            $$$"""{"userId":"{{{Some.Id("single")}}}","event":"Bad","properties":{"note":"\ud800"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["properties.note"], body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Numbers_a_database_cannot_keep_and_fields_given_twice_reject_their_message_by_index()
    {
        var user = Some.Id("numbers");

        var (status, body) = await server.Client(server.IngestKey).PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"track","userId":"{{{user}}}","event":"Tiny","properties":{"amount":1e-99999}},
              {"type":"track","userId":"{{{user}}}","event":"Huge","properties":{"amount":1e400}},
              {"type":"track","userId":"{{{user}}}","event":"Twice","properties":{"plan":"a","plan":"b"}},
              {"type":"track","userId":"{{{user}}}","event":"Fine","properties":{"amount":12.5}}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)body!["stored"]!);
        var rejected = body["rejected"]!.AsArray();
        Assert.Equal([0, 1, 2], rejected.Select(r => (int)r!["index"]!));
        Assert.StartsWith("properties.amount: is a number too close to zero", (string?)rejected[0]!["reason"], StringComparison.Ordinal);
        Assert.StartsWith("properties.amount: is a number too large", (string?)rejected[1]!["reason"], StringComparison.Ordinal);
        Assert.StartsWith("properties.plan: is given twice", (string?)rejected[2]!["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identifier_with_a_byte_order_mark_is_refused_by_the_one_rule_in_tracking_and_in_the_contacts_api()
    {
        using var admin = server.Client();
        var alice = Some.Id("alice");

        var (status, body) = await server.Client(server.IngestKey).PostAsync("/v1/batch", $$$"""
            {"batch":[{"type":"identify","userId":"{{{alice}}}"},{"type":"identify","userId":"\ufeff{{{alice}}}","traits":{"plan":"bom"}}]}
            """);
        var created = await admin.PostAsync("/api/v1/contacts", $$"""{"externalId":"\ufeff{{Some.Id("bob")}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)body!["stored"]!);
        Assert.Contains("userId holds the invisible character U+FEFF at character 1", (string?)body["rejected"]![0]!["reason"], StringComparison.Ordinal);
        Assert.Null((await TrackingApiTests.FindAsync(admin, "externalId", alice))["traits"]!["plan"]);
        Assert.Equal(HttpStatusCode.BadRequest, created.Status);
        Assert.Equal(["externalId"], created.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_name_beginning_with_U_FEFF_is_stored_exactly_as_sent()
    {
        using var admin = server.Client();
        var user = Some.Id("exact");

        await server.Client(server.IngestKey).PostAsync("/v1/batch", $$$"""{"batch":[{"type":"track","userId":"{{{user}}}","event":"\ufeffSigned Up"}]}""");

        var contact = await TrackingApiTests.FindAsync(admin, "externalId", user);
        var name = (string)(await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline")).Body!["items"]![0]!["name"]!;
        Assert.Equal("EFBBBF5369676E6564205570", Convert.ToHexString(Encoding.UTF8.GetBytes(name))); // as bytes: an assertion on strings may ignore U+FEFF
    }

    [Fact]
    public async Task The_dead_letter_list_stays_readable_with_payloads_no_JSON_reader_takes_and_says_what_it_changed()
    {
        using var admin = server.Client();
        var marker = Some.Id("letter");

        await server.Client(server.IngestKey).PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"track","event":"No one","properties":{"note":"x\ud800","marker":"{{{marker}}}"}},
              {"type":"track","event":"No one","properties":{"twice":1,"twice":2,"marker":"{{{marker}}}"}}
            ]}
            """);

        var letters = await TrackingApiTests.AllDeadLettersAsync(admin);
        var surrogate = Assert.Single(letters, l => Text(l, "payload", "properties", "marker") == marker);
        Assert.Equal("x\uFFFD", Text(surrogate, "payload", "properties", "note"));
        Assert.Contains("U+FFFD", (string?)surrogate["payloadNote"], StringComparison.Ordinal);
        Assert.Contains("properties.note", (string?)surrogate["reason"], StringComparison.Ordinal);
        var twice = Assert.Single(letters, l => Text(l, "payload")?.Contains(marker, StringComparison.Ordinal) == true);
        Assert.Contains("shown as a string", (string?)twice["payloadNote"], StringComparison.Ordinal);
    }

    /// <summary>The text at a path of objects, or null (a dead letter's payload may be any JSON, or none).</summary>
    private static string? Text(JsonNode node, params string[] path) =>
        path.Aggregate((JsonNode?)node, (n, name) => (n as JsonObject)?[name]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

public sealed class TrackingTextOnSqlite(SqliteServer server) : TrackingTextTests(server), IClassFixture<SqliteServer>;

public sealed class TrackingTextOnPostgres(PostgresServer server) : TrackingTextTests(server), IClassFixture<PostgresServer>;

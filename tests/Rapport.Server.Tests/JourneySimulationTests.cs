using System.Net;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Journey simulation through the real host and the real executable: paths with their times, for real contacts or made-up people, and nothing stored.</summary>
public abstract class JourneySimulationTests(ServerFixture server) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-sim-");

    /// <summary>Gold customers get their own welcome; a click on either ends it, three days of silence too.</summary>
    private const string Welcome = """
        {"name": "Welcome", "triggers": [{"event": "Signed Up"}],
         "nodes": [
           {"id": "which", "type": "branch", "branches": [{"condition": {"trait": "traits.plan", "op": "eq", "value": "gold"}, "next": "hello-gold"}], "default": "hello"},
           {"id": "hello-gold", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Welcome, gold", "text": "Hi."}, "next": "wait-click"},
           {"id": "hello", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Welcome", "text": "Hi."}, "next": "wait-click"},
           {"id": "wait-click", "type": "waitFor", "answers": [{"response": "clicked", "to": "hello", "next": "done"}, {"response": "clicked", "to": "hello-gold", "next": "done"}],
            "timeout": "P3D", "onTimeout": "done"},
           {"id": "done", "type": "exit"}]}
        """;

    /// <summary>A body simulating the welcome journey unsaved, with the other fields given.</summary>
    private static string Draft(string fields) => "{\"journey\": " + Welcome + ", " + fields + "}";

    private async Task<string> SavedAsync()
    {
        var key = Some.Id("sim").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await server.Client().SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", Welcome)).Status);
        return key;
    }

    private async Task<(long Id, string ExternalId)> ContactAsync(string zone, string plan)
    {
        var externalId = Some.Id("c");
        var (status, body) = await server.Client().PostAsync("/api/v1/contacts",
            $$$"""{"externalId": "{{{externalId}}}", "email": "{{{externalId}}}@example.com", "timeZone": "{{{zone}}}", "traits": {"plan": "{{{plan}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        return (body!["id"]!.GetValue<long>(), externalId);
    }

    [Fact]
    public async Task A_stored_journey_is_simulated_for_real_contacts_on_their_clocks_and_nothing_is_stored()
    {
        var key = await SavedAsync();
        var (gold, goldUser) = await ContactAsync("Asia/Tokyo", "gold");
        var (plain, _) = await ContactAsync("America/New_York", "basic");
        using var ingest = server.Client(server.IngestKey);
        var signedUp = Some.Id("signup");
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/track", $$"""{"userId": "{{goldUser}}", "event": "Signed Up", "messageId": "{{signedUp}}"}""")).Status);
        var admin = server.Client();

        var (status, body) = await admin.PostAsync($"/api/v1/journeys/{key}/simulate", $$$"""
            {"contactIds": [{{{gold}}}, {{{plain}}}], "days": 10, "seed": 3,
             "responses": {"responses": [{"node": "hello-gold", "response": "clicked", "after": "PT1H"}]}}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var (first, second) = (body!["people"]![0]!, body["people"]![1]!);
        Assert.Equal((gold, "Asia/Tokyo", "completed"), (first["contactId"]!.GetValue<long>(), first["timeZone"]!.GetValue<string>(), first["end"]!.GetValue<string>()));
        Assert.Equal(["entered", "branched", "sent", "waiting", "answered", "completed"], first["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Contains(signedUp, first["steps"]![0]!["why"]!.GetValue<string>(), StringComparison.Ordinal); // their own trigger event
        Assert.Equal(("hello-gold", "+0d 01:00"), (first["messages"]![0]!["node"]!.GetValue<string>(), first["steps"]![4]!["after"]!.GetValue<string>()));
        var local = DateTimeOffset.Parse(first["steps"]![4]!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(9));
        Assert.Equal(local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), first["steps"]![4]!["local"]!.GetValue<string>());
        Assert.Equal(("hello", "completed", "+3d 00:00"), (second["messages"]![0]!["node"]!.GetValue<string>(), second["end"]!.GetValue<string>(), second["steps"]!.AsArray()[^1]!["after"]!.GetValue<string>()));
        Assert.Equal(2, body["summary"]!["ends"]!["completed"]!.GetValue<int>());
        Assert.Equal(2, body["summary"]!["messages"]!["email"]!.GetValue<int>());
        Assert.Equal(3, body["seed"]!.GetValue<int>());

        foreach (var id in new[] { gold, plain })
        {
            Assert.Empty((await admin.GetJsonAsync($"/api/v1/contacts/{id}/journeys")).Body!.AsArray());
        }

        var journey = (await admin.GetJsonAsync($"/api/v1/journeys/{key}")).Body!;
        Assert.Empty(journey["waitingAt"]!.AsObject());
        Assert.Empty(journey["passed"]!.AsArray());
    }

    [Fact]
    public async Task A_definition_not_saved_is_simulated_for_made_up_people_and_a_wrong_one_names_its_path()
    {
        var admin = server.Client();
        var (status, body) = await admin.PostAsync("/api/v1/journeys/simulate",
            Draft(""" "sample": 200, "seed": 11, "responses": {"rates": {"clicked": 0.5}} """));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body!["people"]!.AsArray().Count);
        var clicked = body["summary"]!["passed"]!.AsArray().Where(p => p!["edge"]!.GetValue<string>() == "answers[0]").Sum(p => p!["count"]!.GetValue<int>());
        Assert.InRange(clicked, 70, 130);
        Assert.Equal(200, body["summary"]!["ends"]!["completed"]!.GetValue<int>());

        var (again, repeated) = await admin.PostAsync("/api/v1/journeys/simulate",
            Draft(""" "sample": 200, "seed": 11, "responses": {"rates": {"clicked": 0.5}} """));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True(JsonNode.DeepEquals(body["summary"], repeated!["summary"]));

        var (wrong, problem) = await admin.PostAsync("/api/v1/journeys/simulate",
            """{"journey": {"name": "N", "triggers": [{"event": "X"}], "nodes": [{"id": "a", "type": "wait", "for": "P1D", "next": "nowhere"}]}, "sample": 1}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Contains("journey.nodes[0].next", problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("""{}""", "contactIds")]
    [InlineData("""{"contactIds": [1], "sample": 2}""", "contactIds")]
    [InlineData("""{"contactIds": "1"}""", "contactIds")]
    [InlineData("""{"contactIds": [0]}""", "contactIds")]
    [InlineData("""{"contactIds": [999999999]}""", "contactIds")]
    [InlineData("""{"sample": 1001}""", "sample")]
    [InlineData("""{"sample": "ten"}""", "sample")]
    [InlineData("""{"sample": 1, "days": 0}""", "days")]
    [InlineData("""{"sample": 1, "days": 3651}""", "days")]
    [InlineData("""{"sample": 1, "seed": 1.5}""", "seed")]
    [InlineData("""{"sample": 1, "responses": {"rates": {"clicked": 2}}}""", "responses.rates.clicked")]
    [InlineData("""{"sample": 1, "responses": {"responses": [{"node": "done", "response": "clicked", "after": "PT1H"}]}}""", "responses.responses[0].node")]
    [InlineData("""{"sample": 1, "responses": []}""", "responses")]
    [InlineData("""{"sample": 1, "speed": 2}""", "speed")]
    public async Task A_bad_body_is_refused_naming_the_field(string json, string field)
    {
        var key = await SavedAsync();

        var (status, problem) = await server.Client().PostAsync($"/api/v1/journeys/{key}/simulate", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_journey_that_does_not_exist_is_not_found()
    {
        var (status, _) = await server.Client().PostAsync("/api/v1/journeys/none-such/simulate", """{"sample": 1}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task The_verb_prints_each_path_with_its_times_and_the_totals_and_a_wrong_document_names_the_path()
    {
        var (gold, _) = await ContactAsync("Asia/Tokyo", "gold");
        var file = Path.Combine(_folder.FullName, "welcome.yaml");
        await File.WriteAllTextAsync(file, Yaml());
        var responses = Path.Combine(_folder.FullName, "responses.yaml");
        await File.WriteAllTextAsync(responses, "responses:\n  - { after: PT2H, event: Email Clicked }\n");

        var real = await RapportProcess.RunAsync(server.Database, _folder.FullName, "journey", "simulate", file, "--contact", $"{gold}", "--days", "10", "--responses", responses);
        var sample = await RapportProcess.RunAsync(server.Database, _folder.FullName, "journey", "simulate", file, "--sample", "3", "--seed", "5");

        Assert.True(real.ExitCode == 0, real.Error);
        Assert.Contains($"contact {gold} (Asia/Tokyo): completed at done", real.Output, StringComparison.Ordinal);
        Assert.Matches(@"\+0d 00:00  [0-9-]{10} [0-9:]{5}  hello-gold +sent +requested a email message", real.Output);
        Assert.Matches(@"\+0d 02:00  [0-9-]{10} [0-9:]{5}  wait-click +answered", real.Output);
        Assert.Contains("│ completed │ 1 ", real.Output, StringComparison.Ordinal);
        Assert.Equal(0, sample.ExitCode);
        Assert.Contains("3 people, 30 days", sample.Output, StringComparison.Ordinal);
        Assert.Contains("seed 5", sample.Output, StringComparison.Ordinal);
        Assert.Empty((await server.Client().GetJsonAsync($"/api/v1/contacts/{gold}/journeys")).Body!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().GetJsonAsync("/api/v1/journeys/welcome-sim")).Status);

        await File.WriteAllTextAsync(file, "kind: journey\nkey: broken\nname: Broken\ntriggers: [ { event: X } ]\nnodes:\n  - { id: a, type: wait, for: P1D, next: nowhere }\n");
        var wrong = await RapportProcess.RunAsync(server.Database, _folder.FullName, "journey", "simulate", file, "--sample", "1");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("nodes[0].next", wrong.Error, StringComparison.Ordinal);
    }

    /// <summary>The welcome journey as a YAML document: JSON is YAML, so its definition follows the header lines as it is.</summary>
    private static string Yaml() => "kind: journey\nkey: welcome-sim\nstatus: active\n" + string.Join('\n', JsonNode.Parse(Welcome)!.AsObject().Select(p => $"{p.Key}: {p.Value!.ToJsonString()}")) + "\n";

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class JourneySimulationOnSqlite(SqliteServer server) : JourneySimulationTests(server), IClassFixture<SqliteServer>;

public sealed class JourneySimulationOnPostgres(PostgresServer server) : JourneySimulationTests(server), IClassFixture<PostgresServer>;

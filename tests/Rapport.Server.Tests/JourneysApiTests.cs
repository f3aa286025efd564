using System.Net;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Journeys through the real host: definitions in versions, control, entries by API and by event, a person's path and why.</summary>
public abstract class JourneysApiTests(ServerFixture server)
{
    private static string Welcome(string topic) => $$"""
        {"name": "Welcome series", "topic": "{{topic}}",
         "triggers": [{"event": "Signed Up"}, {"api": true}],
         "nodes": [
           {"id": "hello", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Welcome", "text": "Glad you are here."}, "next": "wait-click"},
           {"id": "wait-click", "type": "waitFor", "answers": [{"response": "clicked", "to": "hello", "next": "done"}], "timeout": "P3D", "onTimeout": "nudge"},
           {"id": "nudge", "type": "send", "channel": "email", "content": {"subject": "Did you see?", "text": "A reminder."}, "next": "done"},
           {"id": "done", "type": "exit"}]}
        """;

    private async Task<(HttpClient Admin, string Key, string Topic)> ActiveWelcomeAsync()
    {
        var admin = server.Client();
        var topic = Some.Id("t").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "Welcome"}""")).Status);
        var key = Some.Id("welcome").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", Welcome(topic))).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/journeys/{key}/activate", "{}")).Status);
        return (admin, key, topic);
    }

    private async Task<long> ContactAsync(string userId)
    {
        using var ingest = server.Client(server.IngestKey);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/v1/identify", $$$"""{"userId": "{{{userId}}}", "traits": {"email": "{{{userId}}}@example.com"}}""")).Status);
        var found = (await server.Client().GetJsonAsync($"/api/v1/contacts?externalId={userId}")).Body!;
        return found["items"]![0]!["id"]!.GetValue<long>();
    }

    private static List<JsonNode?> Of(string journey, JsonNode instances) =>
        instances.AsArray().Where(i => i!["journey"]!.GetValue<string>() == journey).ToList();

    [Fact]
    public async Task A_journey_is_saved_in_versions_as_a_draft_then_activated_paused_resumed_and_stopped()
    {
        var admin = server.Client();
        var topic = Some.Id("t").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "Welcome"}""");
        var key = Some.Id("j").ToLowerInvariant();

        var (status, first) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", Welcome(topic));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, "draft"), (first!["version"]!.GetValue<int>(), first["status"]!.GetValue<string>()));
        var (_, second) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", Welcome(topic));
        Assert.Equal(2, second!["version"]!.GetValue<int>());

        foreach (var (verb, expected) in new[] { ("activate", "active"), ("pause", "paused"), ("resume", "active"), ("stop", "stopped") })
        {
            var (s, body) = await admin.PostAsync($"/api/v1/journeys/{key}/{verb}", "{}");
            Assert.Equal((HttpStatusCode.OK, expected), (s, body!["status"]!.GetValue<string>()));
        }

        var (again, problem) = await admin.PostAsync($"/api/v1/journeys/{key}/activate", "{}");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("stopped", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains((await admin.GetJsonAsync("/api/v1/journeys")).Body!.AsArray(), j => j!["key"]!.GetValue<string>() == key);
    }

    [Fact]
    public async Task A_wrong_definition_is_refused_naming_the_path_and_nothing_is_stored()
    {
        var admin = server.Client();
        var key = Some.Id("bad").ToLowerInvariant();
        var (status, body) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}", """
            {"name": "Broken", "triggers": [{"event": "X"}], "nodes": [
              {"id": "a", "type": "waitFor", "answers": [{"event": "Y", "next": "nowhere"}], "timeout": "P3D"},
              {"id": "b", "type": "exit"}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body!["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.StartsWith("nodes[0]", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync($"/api/v1/journeys/{key}")).Status);

        var (missingStatus, missing) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}",
            """{"name": "N", "triggers": [{"segmentEntered": "nowhere"}], "nodes": [{"id": "done", "type": "exit"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, missingStatus);
        Assert.Contains("nowhere", missing!["errors"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activating_a_journey_whose_segment_is_gone_is_a_conflict_naming_it()
    {
        var admin = server.Client();
        var segment = Some.Id("s").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/segments/{segment}", """{"name": "S", "condition": {"trait": "traits.plan", "op": "exists"}}""");
        var key = Some.Id("j").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}",
            $$"""{"name": "N", "triggers": [{"segmentEntered": "{{segment}}"}], "nodes": [{"id": "done", "type": "exit"}]}""")).Status);
        using (await admin.DeleteAsync($"/api/v1/segments/{segment}"))
        {
        }

        var (status, problem) = await admin.PostAsync($"/api/v1/journeys/{key}/activate", "{}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains(segment, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_entered_by_the_API_or_by_an_event_take_steps_a_support_agent_can_read()
    {
        var (admin, key, _) = await ActiveWelcomeAsync();
        var byApi = await ContactAsync(Some.Id("api"));
        var (status, results) = await admin.PostAsync($"/api/v1/journeys/{key}/entries", $$"""{"contactIds": [{{byApi}}, 999999999]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(results![0]!["instanceId"]);
        Assert.Equal("no such contact", results[1]!["refused"]!.GetValue<string>());

        var byEvent = Some.Id("ev");
        var id = await ContactAsync(byEvent);
        using var ingest = server.Client(server.IngestKey);
        await ingest.PostAsync("/v1/track", $$"""{"userId": "{{byEvent}}", "event": "Signed Up"}""");
        var path = await Eventually.UntilAsync(async () => Of(key, (await admin.GetJsonAsync($"/api/v1/contacts/{id}/journeys")).Body!),
            a => a.Count == 1, "the event entering the contact"); // other tests' active journeys take the same event

        var steps = path[0]!["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["entered", "sent", "waiting"], steps);
        Assert.Contains("Signed Up", path[0]!["steps"]![0]!["why"]!.GetValue<string>(), StringComparison.Ordinal);
        var journey = (await admin.GetJsonAsync($"/api/v1/journeys/{key}")).Body!;
        Assert.Equal(2, journey["waitingAt"]!["wait-click"]!.GetValue<long>());

        var instance = path[0]!["id"]!.GetValue<long>();
        using var removed = await admin.DeleteAsync($"/api/v1/journeys/{key}/instances/{instance}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var after = Of(key, (await admin.GetJsonAsync($"/api/v1/contacts/{id}/journeys")).Body!)[0]!;
        Assert.Equal(("exited", "taken out through the API"), (after["status"]!.GetValue<string>(), after["endReason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_new_version_moves_the_waiting_people_only_when_asked_and_a_dry_run_says_how_many()
    {
        var (admin, key, topic) = await ActiveWelcomeAsync();
        var people = new[] { await ContactAsync(Some.Id("v")), await ContactAsync(Some.Id("v")) };
        await admin.PostAsync($"/api/v1/journeys/{key}/entries", $$"""{"contactIds": [{{people[0]}}, {{people[1]}}]}""");
        var renamed = Welcome(topic).Replace("wait-click", "wait-open", StringComparison.Ordinal);
        var shorter = Welcome(topic).Replace("P3D", "P1D", StringComparison.Ordinal);

        var (_, gone) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}?dryRun=true", renamed);
        Assert.Equal((2, 0, 2), (gone!["waiting"]!.GetValue<int>(), gone["wouldMove"]!.GetValue<int>(), gone["wouldStay"]!.GetValue<int>()));
        var (_, kept) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}?dryRun=true", shorter);
        Assert.Equal(2, kept!["movingAt"]!["wait-click"]!.GetValue<int>());
        Assert.Equal(1, (await admin.GetJsonAsync($"/api/v1/journeys/{key}")).Body!["version"]!.GetValue<int>()); // a dry run saves nothing

        var (_, saved) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}?waiting=move", shorter);
        Assert.Equal((2, 2), (saved!["version"]!.GetValue<int>(), saved["moved"]!.GetValue<int>()));
        foreach (var id in people)
        {
            Assert.Equal(2, Of(key, (await admin.GetJsonAsync($"/api/v1/contacts/{id}/journeys")).Body!)[0]!["version"]!.GetValue<int>());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{key}?waiting=all", shorter)).Status);
    }

    [Fact]
    public async Task Entries_name_their_problems()
    {
        var (admin, key, _) = await ActiveWelcomeAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/v1/journeys/{key}/entries", """{"contactIds": ["x"]}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/v1/journeys/{key}/entries", """{"contactIds": []}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/journeys/none-such/entries", """{"contactIds": [1]}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/v1/contacts/999999999/journeys")).Status);
    }
}

public sealed class JourneysApiOnSqlite(SqliteServer server) : JourneysApiTests(server), IClassFixture<SqliteServer>;

public sealed class JourneysApiOnPostgres(PostgresServer server) : JourneysApiTests(server), IClassFixture<PostgresServer>;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core.Journeys;
using Rapport.Storage;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// Three `rapport serve` nodes on one PostgreSQL database run a journey for ten thousand people, entered through the API
/// on all three, and one node is killed (SIGKILL) in the middle: a third of the people entered, some finished, its calls of
/// entries half done and its timers holding leases. Its calls are made again through another node, the other two take
/// over its leases (3 s) and finish everyone; the database then shows every person in the journey once, each with every
/// step written once in order from entry to the end, and each of the two messages requested once. Nobody is subscribed to
/// the journey's topic, so the dispatchers hold every message back at once and the run stays about the journeys.
/// PostgreSQL only: nodes share a database only there. No time limit: the test waits as long as the nodes keep writing steps.
/// </summary>
public sealed class JourneyCrashOnPostgres
{
    private const int People = 10_000;
    private const string Key = "crash-run";

    /// <summary>Why a journey entered once ever refuses a person who was in it.</summary>
    private const string OnceEver = "entered it before, and it is entered once";

    /// <summary>A first message, two seconds, a second message, three seconds for an answer that never comes, the end.</summary>
    private const string Journey = """
        {"name": "Crash run", "topic": "news", "triggers": [{"api": true}],
         "nodes": [
           {"id": "first", "type": "send", "channel": "email", "content": {"subject": "One", "text": "One"}, "next": "pause"},
           {"id": "pause", "type": "wait", "for": "PT2S", "next": "second"},
           {"id": "second", "type": "send", "channel": "email", "content": {"subject": "Two", "text": "Two"}, "next": "answer"},
           {"id": "answer", "type": "waitFor", "answers": [{"event": "Replied", "next": "done"}], "timeout": "PT3S", "onTimeout": "done"},
           {"id": "done", "type": "exit"}]}
        """;

    /// <summary>The way through <see cref="Journey"/> (node, kind, edge), leaving out the records of where an instance waits.</summary>
    private static readonly string[] Way =
        ["first entered -", "first sent next", "pause waited next", "second sent next", "answer timed_out timeout", "done completed -"];

    [Fact]
    public async Task Three_nodes_run_a_journey_for_ten_thousand_people_and_a_node_killed_midway_loses_and_repeats_nothing()
    {
        await using var test = await TestDatabase.CreateAsync(StoreKind.Postgres);
        await using var db = new Database(test.Options);
        var folder = Directory.CreateTempSubdirectory("rapport-journey-crash-").FullName;
        Assert.Equal(0, (await RapportProcess.RunAsync(test, folder, "migrate")).ExitCode);
        var admin = await KeyAsync(test, folder, "admin");
        var ingest = await KeyAsync(test, folder, "ingest");
        string[] settings = ["--Rapport:Work:LeaseSeconds=3", $"--Rapport:Outbox:Folder={Path.Combine(folder, "outbox")}"];
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RapportProcess.ServeAsync(test, folder, settings)));
        await using var first = nodes[0];
        await using var second = nodes[1];
        await using var victim = nodes[2];
        var ids = await SeedAsync(first, admin, ingest, db);

        var calls = ids.Chunk(1000).Select((batch, i) => EnterAsync(nodes[i % 3], nodes[i % 3] == victim ? first : null, admin, batch)).ToList();
        await UntilAsync(db, counts => counts.Entered >= People / 3 && counts.Ended > 0, "a third of the people entered and some finished");
        await victim.KillAsync();
        var entries = (await Task.WhenAll(calls)).SelectMany(r => r).ToList();
        await UntilAsync(db, counts => counts.Ended == People, "everyone finished");

        await AssertEveryoneWentThroughOnceAsync(db, ids, entries);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The people, identified in batches of 500 through one node; their ids, read from the database.</summary>
    private static async Task<List<long>> SeedAsync(RapportProcess.Server node, string admin, string ingest, Database db)
    {
        using var api = node.Client(admin);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, "/api/v1/topics/news", """{"name": "News"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{Key}", Journey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/journeys/{Key}/activate", "{}")).Status);

        using var tracking = new HttpClient { BaseAddress = node.BaseAddress };
        tracking.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ingest + ":")));
        foreach (var batch in Enumerable.Range(0, People).Chunk(500))
        {
            var messages = new JsonArray([.. batch.Select(i => new JsonObject
            {
                ["type"] = "identify", ["userId"] = $"person-{i}", ["traits"] = new JsonObject { ["email"] = $"person-{i}@example.com" },
            })]);
            Assert.Equal(HttpStatusCode.OK, (await tracking.PostAsync("/v1/batch", new JsonObject { ["batch"] = messages }.ToJsonString())).Status);
        }

        var ids = (await db.ReadAsync(c => c.QueryAsync<long>("SELECT id FROM contact ORDER BY id"), CancellationToken.None)).ToList();
        Assert.Equal(People, ids.Count);
        return ids;
    }

    /// <summary>
    /// Enters a thousand people through a node; when that node is killed while it enters them, the call is made again
    /// through <paramref name="fallback"/>, which enters those the dead node had not and refuses those it had.
    /// </summary>
    private static async Task<List<(long Contact, long? Instance, string? Refused)>> EnterAsync(
        RapportProcess.Server node, RapportProcess.Server? fallback, string admin, long[] batch)
    {
        var body = $$"""{"contactIds": [{{string.Join(',', batch)}}]}""";
        (HttpStatusCode Status, JsonNode? Body) answer;
        using var client = Unhurried(node.Client(admin));
        try
        {
            answer = await client.PostAsync($"/api/v1/journeys/{Key}/entries", body);
        }
        catch (HttpRequestException) when (fallback is not null)
        {
            await Eventually.UntilAsync(() => Task.FromResult(node.HasExited), exited => exited, "the node that broke off the call being dead");
            using var other = Unhurried(fallback.Client(admin));
            answer = await other.PostAsync($"/api/v1/journeys/{Key}/entries", body);
        }

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return [.. answer.Body!.AsArray().Select(r => (r!["contactId"]!.GetValue<long>(), r["instanceId"]?.GetValue<long>(), r["refused"]?.GetValue<string>()))];
    }

    /// <summary>A client that waits for a call of a thousand entries however long the loaded machine takes.</summary>
    private static HttpClient Unhurried(HttpClient client)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private sealed record Counts(long Entered, long Ended, long Steps);

    /// <summary>Waits until <paramref name="done"/>, for as long as the nodes keep writing steps (each look waits at most 10 s for one).</summary>
    private static async Task UntilAsync(Database db, Func<Counts, bool> done, string what)
    {
        var counts = await CountsAsync(db);
        while (!done(counts))
        {
            var before = counts.Steps;
            counts = await Eventually.UntilAsync(() => CountsAsync(db), c => done(c) || c.Steps > before, $"steps written on the way to {what}");
        }
    }

    private static Task<Counts> CountsAsync(Database db) => db.ReadAsync(c => c.QuerySingleAsync<Counts>(
        "SELECT count(*) AS entered, count(*) FILTER (WHERE status <> 'active') AS ended, coalesce(sum(steps), 0) AS steps FROM journey_instance"),
        CancellationToken.None);

    private static async Task AssertEveryoneWentThroughOnceAsync(Database db, List<long> ids, List<(long Contact, long? Instance, string? Refused)> entries)
    {
        var instances = (await db.ReadAsync(c => c.QueryAsync<(long Id, long Contact, string Status, int Steps)>(
            "SELECT id, contact_id, status, steps FROM journey_instance WHERE journey_key = @Key", new { Key }), CancellationToken.None)).ToList();
        Assert.Equal(ids, instances.Select(i => i.Contact).Order()); // one instance each: none missing, none twice
        Assert.All(instances, i => Assert.Equal("completed", i.Status));

        // Every person got an answer: their instance, or (a call made again after the kill) that the dead node had entered them.
        var instanceOf = instances.ToDictionary(i => i.Contact, i => i.Id);
        Assert.Equal(ids, entries.Select(e => e.Contact).Distinct().Order());
        Assert.All(entries, e => Assert.True(e.Instance == instanceOf[e.Contact] || e.Refused is JourneyEntry.AlreadyIn or OnceEver, $"{e}"));

        var steps = (await db.ReadAsync(c => c.QueryAsync<(long Instance, int No, string Node, string Kind, string? Edge)>(
            "SELECT instance_id, step_no, node, kind, edge FROM journey_step ORDER BY instance_id, step_no"), CancellationToken.None))
            .ToLookup(s => s.Instance);
        Assert.All(instances, i =>
        {
            var own = steps[i.Id].ToList();
            Assert.Equal(Enumerable.Range(1, i.Steps), own.Select(s => s.No)); // numbered 1..n, no gap, none twice
            Assert.Equal(Way, own.Where(s => s.Kind != "waiting").Select(s => $"{s.Node} {s.Kind} {s.Edge ?? "-"}"));
            Assert.All(own.Where(s => s.Kind == "waiting"), s => Assert.Contains(s.Node, new[] { "pause", "answer" }));
        });

        var messages = (await db.ReadAsync(c => c.QueryAsync<(long Instance, string Node, long Count)>(
            "SELECT journey_instance_id, journey_node, count(*) FROM message WHERE journey_key = @Key GROUP BY 1, 2", new { Key }),
            CancellationToken.None)).ToList();
        Assert.DoesNotContain(messages, m => m.Count != 1); // no step requested its message twice
        Assert.Equal(2 * People, messages.Count);
        Assert.Equal(instances.Select(i => i.Id).Order(), messages.Where(m => m.Node == "first").Select(m => m.Instance).Order());
        Assert.Equal(instances.Select(i => i.Id).Order(), messages.Where(m => m.Node == "second").Select(m => m.Instance).Order());
    }

    private static async Task<string> KeyAsync(TestDatabase test, string folder, string role)
    {
        var created = await RapportProcess.RunAsync(test, folder, "keys", "create", "--role", role);
        Assert.Equal(0, created.ExitCode);
        return created.Output.Trim().Split('\n')[^1].Trim();
    }
}

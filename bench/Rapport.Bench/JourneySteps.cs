using System.Diagnostics;
using System.Globalization;
using Dapper;
using Rapport.Storage;

namespace Rapport.Bench;

/// <summary>
/// Steps per second through a running `rapport serve`: seeded contacts entered through POST /journeys/{key}/entries (calls
/// of 1,000, one at a time: the runner takes each contact through the send to the waitFor inside the call), half of
/// each call answered at once through /v1/batch (the journeys worker wakes them), the other half left to time out after
/// <see cref="Timeout"/> (the timers wake them); the journey_step rows written, over the time from the first call to the
/// last instance's end.
/// </summary>
public static class JourneySteps
{
    public const string Key = "bench-steps";
    public const string Topic = "bench";
    public const string Answer = "Bench Answered";

    /// <summary>The waitFor's timeout: long enough for the answers of one call to come in time, short enough to fire during the run.</summary>
    public const string Timeout = "PT5S";

    /// <summary>
    /// Five nodes: send → waitFor (answer or timeout) → branch (plan pro or team: a segment condition, evaluated for the
    /// contact) → send → exit; the others go from the branch to the exit. Marketing e-mail on a topic nobody is
    /// subscribed to, so that the dispatcher holds every message back (suppressed) instead of writing mail.
    /// </summary>
    public static readonly string Definition = $$"""
        {"name": "Bench steps", "topic": "{{Topic}}", "triggers": [{"api": true}],
         "nodes": [
           {"id": "ask", "type": "send", "channel": "email", "content": {"subject": "Ready?", "text": "Tell us."}, "next": "wait-answer"},
           {"id": "wait-answer", "type": "waitFor", "answers": [{"event": "{{Answer}}", "next": "by-plan"}], "timeout": "{{Timeout}}", "onTimeout": "by-plan"},
           {"id": "by-plan", "type": "branch", "branches": [{"condition": {"trait": "traits.plan", "op": "in", "values": ["pro", "team"]}, "next": "offer"}], "default": "done"},
           {"id": "offer", "type": "send", "channel": "email", "content": {"subject": "For your team", "text": "An offer."}, "next": "done"},
           {"id": "done", "type": "exit"}]}
        """;

    private const int CallSize = 1000;

    /// <summary>What the run did: steps written, the time from the first entry to the last end, and how the waits ended.</summary>
    /// <param name="ServerProcessor">The processor time the server process used meanwhile (on SQLite, the database's work too).</param>
    public sealed record Outcome(long Steps, TimeSpan Elapsed, TimeSpan Entering, TimeSpan ServerProcessor, IReadOnlyDictionary<string, long> Kinds)
    {
        public string Describe()
        {
            var kinds = string.Join(", ", Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value:N0}")));
            return string.Create(CultureInfo.InvariantCulture,
                $"steps: {Steps:N0} in {Elapsed.TotalSeconds:N1} s (entries took {Entering.TotalSeconds:N1} s), server processor time {ServerProcessor.TotalSeconds:N1} s ({Steps / ServerProcessor.TotalSeconds:N0} steps a processor second); by kind: {kinds}");
        }
    }

    /// <param name="db">The server's database, read directly to see when everyone has ended.</param>
    public static async Task<Outcome> MeasureAsync(JourneyClient client, RapportServer server, Database db, int workspaceId, int contacts, IProgress<string> log)
    {
        await client.StartAsync(Topic, Key, Definition);
        var processor = server.ProcessorTime;
        log.Report($"entering {contacts:N0} contacts into {Key} in calls of {CallSize:N0}; half of each call answers at once, the others time out after {Timeout}");
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        foreach (var call in Enumerable.Range(1, contacts).Select(id => (long)id).Chunk(CallSize))
        {
            await client.EnterAsync(Key, call);
            await client.TrackAllAsync(call.Where(id => id % 2 == 0), Answer, "bench-answer-");
        }

        var entering = clock.Elapsed;
        log.Report($"entered in {entering.TotalSeconds:N1} s; waiting for every instance to end");
        JourneyEnd.CheckAllCompleted(await JourneyEnd.WaitAsync(db, workspaceId, Key, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(200), log), Key, contacts);
        processor = server.ProcessorTime - processor;
        var lastEnd = await db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            "SELECT max(ended_at) FROM journey_instance WHERE workspace_id = @WorkspaceId AND journey_key = @Key", new { WorkspaceId = workspaceId, Key }), CancellationToken.None);
        var kinds = (await db.ReadAsync(c => c.QueryAsync<(string Kind, long Count)>(
                "SELECT kind, count(*) FROM journey_step WHERE workspace_id = @WorkspaceId AND instance_id IN "
                + "(SELECT id FROM journey_instance WHERE workspace_id = @WorkspaceId AND journey_key = @Key) GROUP BY kind", new { WorkspaceId = workspaceId, Key }), CancellationToken.None))
            .ToDictionary(k => k.Kind, k => k.Count, StringComparer.Ordinal);
        return new Outcome(kinds.Values.Sum(), DateTimeOffset.FromUnixTimeMilliseconds(lastEnd) - started, entering, processor, kinds);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Rapport.Core.Contacts;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Ingest;
using Rapport.Engine.Segments;
using Rapport.Engine.Value;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// bench segments: on a generated population, (1) a five-condition segment evaluated for everyone
/// against hand-written SQL for the same question, and (2) the time from ingesting an event to the
/// membership change it causes, against a full re-evaluation of that segment.
/// </summary>
public static class SegmentBench
{
    private const string FiveConditions = """
        {"key": "five", "name": "Five conditions", "condition": {"all": [
          {"trait": "traits.plan", "op": "in", "values": ["pro", "team"]},
          {"trait": "traits.country", "op": "eq", "value": "PL"},
          {"trait": "traits.visits", "op": "gte", "value": 5},
          {"event": "Order Completed", "count": {"atLeast": 2}, "withinDays": 90},
          {"not": {"event": "Email Clicked", "withinDays": 30}}]}}
        """;

    private const string Trigger = """
        {"key": "triggered", "name": "Pro and triggered", "condition": {"all": [
          {"trait": "traits.plan", "op": "eq", "value": "pro"}, {"event": "Bench Trigger"}]}}
        """;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(Func<Task<ScratchDatabase>> newDatabase, int contacts, int events, int samples, IProgress<string> log)
    {
        await using var scratch = await newDatabase();
        await using var db = new Database(scratch.Options);
        var now = DateTimeOffset.UtcNow;
        await MigrationRunner.ApplyAsync(db, now, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, now, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await new SegmentData(7, contacts, events, now).WriteAsync(db, workspace.Id);
        await db.ReadAsync(c => c.ExecuteAsync("ANALYZE", commandType: System.Data.CommandType.Text), CancellationToken.None);
        log.Report($"{contacts:N0} contacts and {events:N0} events written in {clock.Elapsed.TotalSeconds:N0} s");

        var five = Read(FiveConditions);
        var segments = new SegmentStore(db);
        var ours = await BestAsync(() => segments.CountAsync(workspace.Id, five.Condition, _ => null, now, CancellationToken.None));
        var hand = await BestAsync(() => db.ReadAsync(c => c.ExecuteScalarAsync<long>(HandWritten(db.Dialect), new
        {
            WorkspaceId = workspace.Id, Since90 = now.AddDays(-90).ToUnixTimeMilliseconds(), Since30 = now.AddDays(-30).ToUnixTimeMilliseconds(),
        }), CancellationToken.None));
        if (ours.Result != hand.Result)
        {
            throw new InvalidOperationException($"The segment counted {ours.Result} members, the hand-written SQL {hand.Result}.");
        }

        log.Report($"five-condition segment: {ours.Result:N0} members");
        var latency = await LatencyAsync(db, workspace.Id, contacts, samples, log);
        return
        [
            new BenchResult($"Five-condition segment, full evaluation ({db.Dialect}, {contacts:N0} contacts, {events:N0} events)", "ms",
                ours.Elapsed.TotalMilliseconds, "hand-written SQL", hand.Elapsed.TotalMilliseconds),
            latency,
        ];
    }

    /// <summary>Ingests a triggering event for one contact at a time and waits for the maintainer to let them in.</summary>
    private static async Task<BenchResult> LatencyAsync(Database db, int workspaceId, int contacts, int samples, IProgress<string> log)
    {
        var trigger = Read(Trigger);
        var segments = new SegmentStore(db);
        var memberships = new MembershipStore(db);
        await segments.SaveAsync(workspaceId, trigger.Key, trigger.Name, Trigger, DateTimeOffset.UtcNow, CancellationToken.None);
        var full = Stopwatch.StartNew();
        await memberships.RefreshAsync(workspaceId, trigger.Key, trigger.Condition, _ => null, DateTimeOffset.UtcNow, null, CancellationToken.None);
        full.Stop();

        var values = new CustomerValues(new ValueStore(db), new LadderStore(db), new SettingStore(db), TimeProvider.System);
        var maintainer = new SegmentMaintainer(new SegmentCatalog(segments), new WorkspaceStore(db), memberships, values,
            new SegmentFailures(segments, Microsoft.Extensions.Logging.Abstractions.NullLogger<SegmentFailures>.Instance, TimeProvider.System), TimeProvider.System);
        var ingest = new TrackingIngest(new EventStore(db, new ContactRules(null)), new DeadLetterStore(db), new ConsentStore(db), maintainer, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = maintainer.RunAsync(TimeSpan.FromHours(1), stop.Token);
        var latencies = new List<double>();
        const int warmUp = 5; // the first events pay for JIT compilation; they are not counted
        var pros = Enumerable.Range(1, contacts).Where(id => SegmentData.PlanOf(id) == "pro").Take(samples + warmUp).ToList();
        foreach (var id in pros)
        {
            var body = JsonDocument.Parse($$"""{"userId": "c{{id}}", "event": "Bench Trigger"}""").RootElement;
            var clock = Stopwatch.StartNew();
            await ingest.AcceptAsync(workspaceId, body, Core.Events.MessageType.Track, "bench", CancellationToken.None);
            while (!(await memberships.OfContactAsync(workspaceId, id, CancellationToken.None)).Any(m => m.SegmentKey == trigger.Key && m.ExitedAt is null))
            {
                await Task.Delay(1);
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        latencies.RemoveRange(0, Math.Min(warmUp, latencies.Count - 1));

        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default);
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)];
        log.Report($"event → membership over {latencies.Count} events: p50 {p50:N1} ms, p99 {p99:N1} ms, max {latencies[^1]:N1} ms");
        return new BenchResult($"Event to membership change, p99 of {latencies.Count} ({db.Dialect})", "ms", p99,
            "a full re-evaluation of that segment", full.Elapsed.TotalMilliseconds);
    }

    private static string HandWritten(Dialect dialect) => dialect == Dialect.Sqlite
        ? """
          SELECT count(*) FROM contact c
          WHERE c.workspace_id = @WorkspaceId
            AND json_extract(c.traits, '$.plan') IN ('pro', 'team') AND json_extract(c.traits, '$.country') = 'PL'
            AND json_extract(c.traits, '$.visits') >= 5
            AND (SELECT count(*) FROM event e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id
                 AND e.name = 'Order Completed' AND e.timestamp >= @Since90) >= 2
            AND NOT EXISTS (SELECT 1 FROM event e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id
                 AND e.name = 'Email Clicked' AND e.timestamp >= @Since30)
          """
        : """
          SELECT count(*) FROM contact c
          WHERE c.workspace_id = @WorkspaceId
            AND c.traits ->> 'plan' IN ('pro', 'team') AND c.traits ->> 'country' = 'PL'
            AND (c.traits ->> 'visits')::int >= 5
            AND (SELECT count(*) FROM event e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id
                 AND e.name = 'Order Completed' AND e.timestamp >= @Since90) >= 2
            AND NOT EXISTS (SELECT 1 FROM event e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id
                 AND e.name = 'Email Clicked' AND e.timestamp >= @Since30)
          """;

    /// <summary>The best of three runs (the first also warms the cache).</summary>
    private static async Task<(long Result, TimeSpan Elapsed)> BestAsync(Func<Task<long>> run)
    {
        var best = TimeSpan.MaxValue;
        long result = 0;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            result = await run();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return (result, best);
    }

    private static SegmentDefinition Read(string json)
    {
        var errors = new FieldErrors();
        return SegmentJson.Read(JsonDocument.Parse(json).RootElement, errors) ?? throw new InvalidOperationException(errors.ToString());
    }
}

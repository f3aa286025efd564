using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Server.Hosting;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// bench segments: on a generated population, (1) a five-condition segment evaluated for everyone against
/// hand-written SQL for the same question; (2) the time from a tracked event sent to a separate `rapport serve` to
/// the stored membership it causes, with the live segments of <see cref="SegmentMix"/>, against a full re-evaluation
/// of that segment; (3) one full refresh of every live segment (the scheduled upkeep's work) against the interval it
/// runs at by default, Rapport:Segments:RefreshSeconds: the ratio is the share of one core it takes on a steady day.
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

    /// <param name="server">The rapport executable (or rapport.dll) to start.</param>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(
        string server, Func<Task<ScratchDatabase>> newDatabase, int contacts, int events, int segmentCount, int samples, IProgress<string> log)
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
        var mix = SegmentMix.Of(segmentCount);
        var refresh = await FullRefresh.MeasureAsync(db, workspace.Id, mix, log);
        var latencies = await MembershipLatency.MeasureAsync(server, scratch.Options, mix, contacts, samples, log);
        var (p50, p99) = (MembershipLatency.Percentile(latencies, 0.5), MembershipLatency.Percentile(latencies, 0.99));
        var latency = string.Create(CultureInfo.InvariantCulture,
            $"event → membership over {latencies.Count} events: p50 {p50:N1} ms, p99 {p99:N1} ms, max {latencies[^1]:N1} ms");
        var population = $"{db.Dialect}, {contacts:N0} contacts, {events:N0} events";
        var interval = new RapportOptions().Segments.RefreshSeconds;
        return
        [
            new BenchResult($"Five-condition segment, full evaluation ({population})", "ms",
                ours.Elapsed.TotalMilliseconds, "hand-written SQL", hand.Elapsed.TotalMilliseconds),
            new BenchResult($"{mix.EventName} to membership of {mix.Target}, p99 of {latencies.Count} ({population}, {refresh.Live})", "ms", p99,
                "a full re-evaluation of that segment", refresh.Target.TotalMilliseconds)
            {
                Notes = [latency, refresh.Describe()],
            },
            new BenchResult($"Scheduled refresh: the {refresh.Timed} of the {refresh.Live} that test time ({population})", "ms", refresh.Scheduled.TotalMilliseconds,
                $"Rapport:Segments:RefreshSeconds, {interval} s by default; ratio: the share of one core", interval * 1000.0)
            {
                Notes = refresh.Notes(),
            },
        ];
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

    internal static SegmentDefinition Read(string json)
    {
        var errors = new FieldErrors();
        return SegmentJson.Read(JsonDocument.Parse(json).RootElement, errors) ?? throw new InvalidOperationException(errors.ToString());
    }
}

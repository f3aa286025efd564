using System.Diagnostics;
using Dapper;
using Rapport.Core.Workspaces;
using Rapport.Engine.Work;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// bench journeys: (1) steps per second of contacts through a five-node journey in a separate `rapport serve`, against
/// the raw insert of the same journey_step rows; (2) event to wake-up of a waiting instance under a steady load of other
/// tracking, against the HTTP floor of a sample; (3) the lateness of timers due over a spread, against the look
/// interval of an idle worker.
/// </summary>
public static class JourneyBench
{
    /// <param name="server">The rapport executable (or rapport.dll) to start.</param>
    /// <param name="timers">Timers of (3); 0 leaves it out. <paramref name="samples"/> 0 leaves (2) out.</param>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string server, Func<Task<ScratchDatabase>> newDatabase,
        int contacts, int samples, int eventsPerSecond, int timers, TimeSpan spread, IProgress<string> log)
    {
        var results = new List<BenchResult>();
        await using (var scratch = await newDatabase())
        {
            results.AddRange(await StepsAndWakeUpAsync(server, scratch, newDatabase, contacts, samples, eventsPerSecond, log));
        }

        if (timers > 0)
        {
            var outcome = await TimerLateness.MeasureAsync(server, newDatabase, timers, spread, log);
            var look = new WorkerLoop(TimeProvider.System).Look;
            results.Add(new BenchResult(
                $"Timer lateness, p99 of {timers:N0} timers due over {spread.TotalSeconds:N0} s ({outcome.Dialect})", "ms",
                MembershipLatency.Percentile(outcome.Lateness, 0.99), $"the look interval of an idle worker, {look.TotalSeconds:N0} s", look.TotalMilliseconds)
            {
                Notes = [outcome.Describe()],
            });
        }

        return results;
    }

    /// <summary>
    /// After contacts were seeded with their ids, on PostgreSQL: the contact ids' sequence set past them (for the contacts
    /// ingest makes), and the statistics gathered, as autovacuum would soon do. SQLite needs neither (it is never analyzed in production).
    /// </summary>
    public static Task AfterSeedingAsync(Database db) => db.Dialect == Dialect.Postgres
        ? db.ReadAsync(async c =>
        {
            await c.ExecuteAsync("SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM contact))");
            return await c.ExecuteAsync("ANALYZE", commandType: System.Data.CommandType.Text);
        }, CancellationToken.None)
        : Task.CompletedTask;

    private static async Task<IReadOnlyList<BenchResult>> StepsAndWakeUpAsync(string server, ScratchDatabase scratch, Func<Task<ScratchDatabase>> newDatabase,
        int contacts, int samples, int eventsPerSecond, IProgress<string> log)
    {
        await using var db = new Database(scratch.Options);
        var now = DateTimeOffset.UtcNow;
        await MigrationRunner.ApplyAsync(db, now, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, now, CancellationToken.None);
        await new SegmentData(7, contacts, 0, now).WriteAsync(db, workspace.Id);
        await AfterSeedingAsync(db);
        var ingestKey = await RapportServer.KeyAsync(scratch.Options, Workspace.DefaultName, ApiKeyRole.Ingest);
        var adminKey = await RapportServer.KeyAsync(scratch.Options, Workspace.DefaultName, ApiKeyRole.Admin);

        JourneySteps.Outcome steps;
        WakeLatency.Samples? wake = null;
        await using (var running = await RapportServer.StartAsync(server, scratch.Options, new Dictionary<string, string>(), CancellationToken.None))
        {
            using var admin = running.Admin(adminKey);
            using var tracking = running.Tracking(ingestKey);
            using var load = running.Tracking(ingestKey);
            var client = new JourneyClient(admin, tracking);
            log.Report($"server up at {running.Address}");
            steps = await JourneySteps.MeasureAsync(client, running, db, workspace.Id, contacts, log);
            if (samples > 0)
            {
                wake = await WakeLatency.MeasureAsync(client, load, samples, eventsPerSecond, log);
            }
        }

        var raw = await RawStepsAsync(db, workspace.Id, newDatabase);
        var population = $"{db.Dialect}, {contacts:N0} contacts";
        List<BenchResult> results =
        [
            new($"Journey steps: send → waitFor ({JourneySteps.Timeout}, half answer at once) → branch → send → exit ({population}, entries through the API)", "steps/s",
                BenchResult.Rate(steps.Steps, steps.Elapsed), "raw insert of the same journey_step rows", BenchResult.Rate(steps.Steps, raw))
            {
                Notes = [steps.Describe()],
            },
        ];
        if (wake is not null)
        {
            results.Add(new BenchResult($"Event → wake-up of a waiting instance, p99 of {wake.Latencies.Count} ({population}, under {eventsPerSecond:N0} events/s of other tracking)",
                "ms", MembershipLatency.Percentile(wake.Latencies, 0.99),
                "the HTTP floor, p99: the same track and one read of the person's journeys, with nothing to wait for", MembershipLatency.Percentile(wake.Floors, 0.99))
            {
                Notes = [wake.Describe()],
            });
        }

        return results;
    }

    /// <summary>The baseline: the journey_step rows Rapport wrote, inserted by the fastest plain means into a new database of the same dialect.</summary>
    private static async Task<TimeSpan> RawStepsAsync(Database ours, int workspaceId, Func<Task<ScratchDatabase>> newDatabase)
    {
        var rows = (await ours.ReadAsync(c => c.QueryAsync<JourneyStepRow>(JourneyStepRow.OfJourney, new { WorkspaceId = workspaceId, JourneySteps.Key }), CancellationToken.None)).ToList();
        await using var scratch = await newDatabase();
        await using var db = new Database(scratch.Options);
        await MigrationRunner.ApplyAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await RawInsert.JourneyStepsAsync(db, rows);
        return clock.Elapsed;
    }
}

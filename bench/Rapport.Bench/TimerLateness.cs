using System.Diagnostics;
using System.Globalization;
using Dapper;
using Rapport.Core.Workspaces;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// How late timers fire: instances seeded straight into a new store, due uniformly over the spread, each at a wait whose
/// next node is an exit; then a `rapport serve` started on it, which wakes each when it comes due (one step: waited, then
/// completed). The lateness of each is its end (ended_at, the server's clock) minus its due time, read once all have ended.
/// </summary>
public static class TimerLateness
{
    /// <summary>The lateness of every timer in milliseconds, sorted, and what the run was.</summary>
    /// <param name="ServerProcessor">The processor time the server used from its start to the last timer's end.</param>
    public sealed record Outcome(List<double> Lateness, TimeSpan Spread, TimeSpan LeadAfterStart, TimeSpan ServerProcessor, Dialect Dialect)
    {
        public string Describe()
        {
            var start = LeadAfterStart >= TimeSpan.Zero
                ? string.Create(CultureInfo.InvariantCulture, $"the server was up {LeadAfterStart.TotalSeconds:N0} s before the first came due")
                : string.Create(CultureInfo.InvariantCulture, $"the server came up {-LeadAfterStart.TotalSeconds:N0} s after the first came due (counted as lateness)");
            return string.Create(CultureInfo.InvariantCulture,
                $"{Lateness.Count:N0} timers due over {Spread.TotalSeconds:N0} s ({Lateness.Count / Spread.TotalSeconds:N0} a second): lateness p50 {MembershipLatency.Percentile(Lateness, 0.5):N0} ms, p99 {MembershipLatency.Percentile(Lateness, 0.99):N0} ms, max {Lateness[^1]:N0} ms; {start}; server processor time {ServerProcessor.TotalSeconds:N1} s ({ServerProcessor.TotalMilliseconds / Lateness.Count:N2} ms a timer)");
        }
    }

    public static async Task<Outcome> MeasureAsync(
        string executable, Func<Task<ScratchDatabase>> newDatabase, int timers, TimeSpan spread, IProgress<string> log)
    {
        await using var scratch = await newDatabase();
        await using var db = new Database(scratch.Options);
        var now = DateTimeOffset.UtcNow;
        await MigrationRunner.ApplyAsync(db, now, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, now, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await new SegmentData(11, timers, 0, now).WriteAsync(db, workspace.Id);
        var seeded = clock.Elapsed;

        // The instances and their steps take a few times as long as the contacts did; the first timer comes due after that and the server's start.
        var first = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10) + 4 * seeded;
        var data = new TimerData(timers, first, spread);
        await data.WriteAsync(db, workspace.Id, DateTimeOffset.UtcNow);
        await JourneyBench.AfterSeedingAsync(db);
        log.Report($"{timers:N0} contacts and their timers written in {clock.Elapsed.TotalSeconds:N0} s; the first comes due at {first:HH:mm:ss}, the last "
                   + $"{spread.TotalSeconds:N0} s later");

        await using (var server = await RapportServer.StartAsync(executable, scratch.Options, new Dictionary<string, string>(), CancellationToken.None))
        {
            var lead = first - DateTimeOffset.UtcNow;
            JourneyEnd.CheckAllCompleted(await JourneyEnd.WaitAsync(db, workspace.Id, TimerData.Key, first + spread, TimeSpan.FromSeconds(1), log), TimerData.Key, timers);
            var processor = server.ProcessorTime;
            var lateness = (await db.ReadAsync(c => c.QueryAsync<(long ContactId, long EndedAt)>(
                    "SELECT contact_id, ended_at FROM journey_instance WHERE workspace_id = @WorkspaceId AND journey_key = @Key",
                    new { WorkspaceId = workspace.Id, TimerData.Key }), CancellationToken.None))
                .Select(i => (double)(i.EndedAt - data.DueOf(i.ContactId))).Order().ToList();
            return new Outcome(lateness, spread, lead, processor, db.Dialect);
        }
    }
}

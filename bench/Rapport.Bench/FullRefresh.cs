using System.Diagnostics;
using System.Globalization;
using Rapport.Core.Segments;
using Rapport.Storage;
using Rapport.Storage.Stores;

namespace Rapport.Bench;

/// <summary>
/// What re-evaluating every live segment for everyone costs. The segments are saved in the store (as
/// PUT /api/v1/segments saves them) and refreshed with the store's refresh, one after the other as the scheduled
/// upkeep does, twice: first while they are new (all their members enter), then on a steady day (hardly anyone
/// moves), which is the work the upkeep repeats every Rapport:Segments:RefreshSeconds.
/// </summary>
/// <param name="Target">The steady refresh of the target segment alone.</param>
/// <param name="Cpu">This process's processor time during the steady refresh (SQLite evaluates in it).</param>
/// <param name="Counting">How many segments count the event (themselves or through the segments they refer to).</param>
/// <param name="Valuing">How many test value, value group or stage.</param>
/// <param name="Scheduled">The steady refresh of the segments the scheduled upkeep refreshes: those that test the passing of time.</param>
/// <param name="Timed">How many segments those are.</param>
public sealed record FullRefresh(
    TimeSpan First, long Members, TimeSpan Steady, TimeSpan Target, TimeSpan Cpu, IReadOnlyList<(string Key, TimeSpan Elapsed)> Slowest,
    SegmentMix Mix, int Counting, int Valuing, Dialect Dialect, TimeSpan Scheduled, int Timed)
{
    public static async Task<FullRefresh> MeasureAsync(Database db, int workspaceId, SegmentMix mix, IProgress<string> log)
    {
        var store = new SegmentStore(db);
        var definitions = new Dictionary<string, SegmentDefinition>(StringComparer.Ordinal);
        foreach (var document in mix.Segments)
        {
            var definition = SegmentBench.Read(document.ToJsonString());
            await store.SaveAsync(workspaceId, definition.Key, definition.Name, document.ToJsonString(), DateTimeOffset.UtcNow, CancellationToken.None);
            definitions[definition.Key] = definition;
        }

        var first = await RefreshAsync(db, workspaceId, definitions);
        // The saves asked for the evaluation just done, and the entries it made for the upkeep of what tests them: on the
        // steady day the server is measured on, that work is behind it.
        await db.WriteAsync((c, tx) => Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM work_item WHERE workspace_id IS NOT NULL", transaction: tx),
            CancellationToken.None);
        if (first.Entered[mix.Target] > 0)
        {
            throw new InvalidOperationException($"{first.Entered[mix.Target]} contacts are in {mix.Target} before any event lets them in.");
        }

        log.Report($"{definitions.Count} segments evaluated for everyone for the first time in {first.Elapsed.TotalSeconds:N1} s");
        var cpu = ProcessorTime();
        var steady = await RefreshAsync(db, workspaceId, definitions);
        cpu = ProcessorTime() - cpu;
        log.Report($"and again, on a steady day, in {steady.Elapsed.TotalSeconds:N1} s");
        var dependencies = definitions.ToDictionary(d => d.Key, d => SegmentDependencies.Of(d.Value.Condition, definitions.GetValueOrDefault));
        var timed = dependencies.Where(d => d.Value.Clock).Select(d => d.Key).ToList();
        return new FullRefresh(
            first.Elapsed, first.Entered.Values.Sum(), steady.Elapsed, steady.Each[mix.Target], cpu,
            [.. steady.Each.OrderByDescending(e => e.Value).Take(3).Select(e => (e.Key, e.Value))],
            mix, dependencies.Values.Count(d => d.Events.Contains(mix.EventName)), dependencies.Values.Count(d => d.Value), db.Dialect,
            timed.Aggregate(TimeSpan.Zero, (sum, key) => sum + steady.Each[key]), timed.Count);
    }

    public string Live => $"{Mix.Segments.Count} live segment{(Mix.Segments.Count == 1 ? "" : "s")}";

    /// <summary>The live segments and what the event touches among them.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Live}: {Counting} count {Mix.EventName}, {Valuing} test value or stage");

    public IReadOnlyList<string> Notes() =>
    [
        string.Create(CultureInfo.InvariantCulture, $"first evaluation of the new segments: {First.TotalSeconds:N1} s, {Members:N0} memberships entered"),
        string.Create(CultureInfo.InvariantCulture,
            $"steady refresh of all {Mix.Segments.Count}: {Steady.TotalSeconds:N1} s (the scheduled upkeep refreshes only the {Timed} that test time); slowest: {string.Join(", ", Slowest.Select(s => $"{s.Key} {s.Elapsed.TotalSeconds:N2} s"))}"),
        .. Dialect == Dialect.Sqlite
            ? [string.Create(CultureInfo.InvariantCulture, $"processor time of this process (where SQLite evaluates) during it: {Cpu.TotalSeconds:N1} s")]
            : Array.Empty<string>(),
    ];

    private static TimeSpan ProcessorTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static async Task<(TimeSpan Elapsed, Dictionary<string, TimeSpan> Each, Dictionary<string, long> Entered)> RefreshAsync(
        Database db, int workspaceId, Dictionary<string, SegmentDefinition> definitions)
    {
        var memberships = new MembershipStore(db);
        var each = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var entered = new Dictionary<string, long>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        foreach (var (key, definition) in definitions)
        {
            var clock = Stopwatch.StartNew();
            var changes = await memberships.RefreshAsync(
                workspaceId, key, definition.Condition, definitions.GetValueOrDefault, DateTimeOffset.UtcNow, null, CancellationToken.None);
            each[key] = clock.Elapsed;
            entered[key] = changes.Entered.Count;
        }

        return (total.Elapsed, each, entered);
    }
}

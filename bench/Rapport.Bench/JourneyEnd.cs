using System.Diagnostics;
using Dapper;
using Rapport.Storage;

namespace Rapport.Bench;

/// <summary>Waits, reading the server's database directly, until every instance of a journey has ended.</summary>
public static class JourneyEnd
{
    private static readonly TimeSpan Stalled = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TellEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads every <paramref name="every"/> how many instances of <paramref name="key"/> are active, until none is; throws when
    /// none has ended for two minutes after <paramref name="quietFrom"/>. Returns the instances by status.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> WaitAsync(
        Database db, int workspaceId, string key, DateTimeOffset quietFrom, TimeSpan every, IProgress<string> log)
    {
        var moved = Stopwatch.StartNew();
        var told = Stopwatch.StartNew();
        var before = -1L;
        while (true)
        {
            var counts = (await db.ReadAsync(c => c.QueryAsync<(string Status, long Count)>(
                    "SELECT status, count(*) FROM journey_instance WHERE workspace_id = @WorkspaceId AND journey_key = @Key GROUP BY status",
                    new { WorkspaceId = workspaceId, Key = key }), CancellationToken.None))
                .ToDictionary(s => s.Status, s => s.Count, StringComparer.Ordinal);
            var active = counts.GetValueOrDefault("active");
            if (active == 0)
            {
                return counts;
            }

            if (active != before)
            {
                (before, moved) = (active, Stopwatch.StartNew());
            }
            else if (DateTimeOffset.UtcNow > quietFrom && moved.Elapsed > Stalled)
            {
                throw new InvalidOperationException($"{active:N0} instances of {key} have not moved for {Stalled.TotalMinutes:N0} minutes.");
            }

            if (told.Elapsed > TellEvery)
            {
                log.Report($"{key}: {active:N0} of {counts.Values.Sum():N0} instances still on their way");
                told.Restart();
            }

            await Task.Delay(every);
        }
    }

    /// <summary>Throws unless all <paramref name="instances"/> were completed.</summary>
    public static void CheckAllCompleted(IReadOnlyDictionary<string, long> byStatus, string key, long instances)
    {
        if (byStatus.GetValueOrDefault("completed") != instances)
        {
            throw new InvalidOperationException($"Of {instances:N0} instances of {key}: {string.Join(", ", byStatus.Select(s => $"{s.Value:N0} {s.Key}"))}.");
        }
    }
}

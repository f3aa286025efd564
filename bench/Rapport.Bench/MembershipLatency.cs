using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Core.Workspaces;
using Rapport.Storage;

namespace Rapport.Bench;

/// <summary>
/// Event to stored membership through a running `rapport serve`, as a client sees it: for one contact at a time,
/// POST /v1/track with the event that lets them into the target segment, then ask the admin API
/// (GET /api/v1/contacts/{id}/segments) until it lists them in it.
/// </summary>
public static class MembershipLatency
{
    private const int WarmUp = 5; // the first events pay for the server's JIT compilation; they are not counted

    /// <summary>How long one sample may wait for its membership before the benchmark gives up.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(10);

    /// <summary>The latencies in milliseconds, sorted.</summary>
    public static async Task<List<double>> MeasureAsync(
        string executable, DatabaseOptions database, SegmentMix mix, int contacts, int samples, IProgress<string> log)
    {
        var ingestKey = await RapportServer.KeyAsync(database, Workspace.DefaultName, ApiKeyRole.Ingest);
        var adminKey = await RapportServer.KeyAsync(database, Workspace.DefaultName, ApiKeyRole.Admin);
        await using var server = await RapportServer.StartAsync(executable, database, new Dictionary<string, string>(), CancellationToken.None);
        using var tracking = server.Tracking(ingestKey);
        using var admin = server.Admin(adminKey);
        log.Report($"server up at {server.Address}; timing {samples} events into {mix.Target}");

        var latencies = new List<double>();
        foreach (var id in Enumerable.Range(1, contacts).Where(id => SegmentMix.Enters(id)).Take(samples + WarmUp))
        {
            var clock = Stopwatch.StartNew();
            await TrackAsync(tracking, id, mix);
            while (!await IsMemberAsync(admin, id, mix.Target))
            {
                if (clock.Elapsed > GiveUp)
                {
                    throw new InvalidOperationException($"Contact {id} was not in {mix.Target} {GiveUp.TotalMinutes:N0} minutes after the event.");
                }

                await Task.Delay(1);
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(RestAfter(clock.Elapsed));
        }

        latencies.RemoveRange(0, Math.Min(WarmUp, latencies.Count - 1));
        latencies.Sort();
        return latencies;
    }

    /// <summary>
    /// The rest the server gets before the next sample: twice the last latency, at most a second. Each event should meet
    /// a server at rest, not chase the previous sample: once the upkeep has spent its burst, it pauses for twice as long as
    /// it worked (at most a second) before it takes the next changes, and an event sent in that pause waits for it.
    /// </summary>
    internal static TimeSpan RestAfter(TimeSpan latency) => TimeSpan.FromTicks(Math.Min(2 * latency.Ticks, TimeSpan.TicksPerSecond)) + TimeSpan.FromMilliseconds(5);

    /// <summary>The p-th percentile (nearest rank) of sorted values.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * p) - 1, 0, sorted.Count - 1)];

    private static async Task TrackAsync(HttpClient tracking, long id, SegmentMix mix)
    {
        var message = new JsonObject
        {
            ["userId"] = $"c{id}",
            ["messageId"] = string.Create(CultureInfo.InvariantCulture, $"bench-sample-{id}"),
            ["event"] = mix.EventName,
            ["properties"] = mix.Properties.DeepClone(),
        };
        using var response = await tracking.PostAsync("/v1/track", new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || JsonNode.Parse(answer)?["stored"]?.GetValue<int>() != 1)
        {
            throw new InvalidOperationException($"The server did not store the event of contact {id}: {(int)response.StatusCode} {answer}");
        }
    }

    private static async Task<bool> IsMemberAsync(HttpClient admin, long id, string segment)
    {
        var memberships = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/contacts/{id}/segments"))!.AsArray();
        return memberships.Any(m => (string?)m!["segmentKey"] == segment && m["exitedAt"] is null);
    }
}

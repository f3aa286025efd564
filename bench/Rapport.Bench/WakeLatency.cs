using System.Diagnostics;
using System.Globalization;

namespace Rapport.Bench;

/// <summary>
/// Event to wake-up through a running `rapport serve`, as a client sees it, under a steady load of other tracking: for
/// one contact at a time, waiting at a waitFor, POST /v1/track the answer, then ask GET /api/v1/contacts/{id}/journeys
/// until the instance has moved past the wait (here: to its end). Beside each sample, the same two requests with nothing
/// to wait for (an event no journey waits for, and one read of the person's journeys): the floor HTTP puts under a sample.
/// </summary>
public static class WakeLatency
{
    public const string Key = "bench-wake";
    public const string Answer = "Bench Wake";

    private const string Noise = "Bench Noise";
    private const int WarmUp = 5; // the first samples pay for the server's JIT compilation; they are not counted

    public static readonly string Definition = $$"""
        {"name": "Bench wake-up", "topic": "{{JourneySteps.Topic}}", "triggers": [{"api": true}],
         "nodes": [
           {"id": "wait-answer", "type": "waitFor", "answers": [{"event": "{{Answer}}", "next": "done"}], "timeout": "P7D", "onTimeout": "done"},
           {"id": "done", "type": "exit"}]}
        """;

    /// <summary>How long one sample may wait before the benchmark gives up.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The pause between two reads of a sample: a twentieth of the time waited so far, from 1 to 50 ms, so that a wake-up
    /// is seen within 5% of its latency (or 50 ms) and a slow one is not met by hundreds of reads a second, which would
    /// load the server they measure.
    /// </summary>
    private static TimeSpan PollAfter(TimeSpan waited) =>
        TimeSpan.FromTicks(Math.Clamp(waited.Ticks / 20, TimeSpan.TicksPerMillisecond, 50 * TimeSpan.TicksPerMillisecond));

    /// <summary>The latencies and the floors in milliseconds, each sorted, and the load's rate reached.</summary>
    public sealed record Samples(List<double> Latencies, List<double> Floors, double LoadRate)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"event → wake-up over {Latencies.Count} samples: p50 {MembershipLatency.Percentile(Latencies, 0.5):N1} ms, p99 {MembershipLatency.Percentile(Latencies, 0.99):N1} ms, max {Latencies[^1]:N1} ms; floor p50 {MembershipLatency.Percentile(Floors, 0.5):N1} ms; other tracking meanwhile {LoadRate:N0} events/s");
    }

    /// <param name="client">Of a server whose contacts c1… exist: the first samples + 5 are entered.</param>
    /// <param name="load">A client of the tracking API for the background load.</param>
    public static async Task<Samples> MeasureAsync(JourneyClient client, HttpClient load, int samples, int eventsPerSecond, IProgress<string> log)
    {
        await client.StartAsync(JourneySteps.Topic, Key, Definition);
        var waiting = Enumerable.Range(1, samples + WarmUp).Select(id => (long)id).ToList();
        foreach (var call in waiting.Chunk(1000))
        {
            await client.EnterAsync(Key, call);
        }

        log.Report($"{waiting.Count} contacts wait in {Key}; timing {samples} answers under {eventsPerSecond:N0} events/s of other tracking");
        var latencies = new List<double>();
        var floors = new List<double>();
        await using var traffic = new SteadyLoad(load, eventsPerSecond);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the load reaches its steady state before the first sample
        foreach (var id in waiting)
        {
            var clock = Stopwatch.StartNew();
            await client.TrackAsync(id, Answer, $"bench-wake-{id}");
            while (await client.StatusInAsync(id, Key) == "active")
            {
                if (clock.Elapsed > GiveUp)
                {
                    throw new InvalidOperationException($"Contact {id} still waited in {Key} {GiveUp.TotalMinutes:N0} minutes after the answer.");
                }

                await Task.Delay(PollAfter(clock.Elapsed));
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
            var floor = Stopwatch.StartNew();
            await client.TrackAsync(id, Noise, $"bench-noise-{id}");
            await client.StatusInAsync(id, Key);
            floors.Add(floor.Elapsed.TotalMilliseconds);
            await Task.Delay(MembershipLatency.RestAfter(clock.Elapsed));
        }

        var rate = traffic.Rate;
        foreach (var list in new[] { latencies, floors })
        {
            list.RemoveRange(0, Math.Min(WarmUp, list.Count - 1));
            list.Sort();
        }

        return new Samples(latencies, floors, rate);
    }
}

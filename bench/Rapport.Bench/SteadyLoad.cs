using System.Diagnostics;
using System.Text;

namespace Rapport.Bench;

/// <summary>
/// Tracking traffic at a steady rate in the background (the seeded shop traffic of <see cref="Traffic"/>, from its own
/// users): a /v1/batch call every tenth of a second, until disposed. A call that takes longer delays the next one, so
/// the rate reached is measured, not assumed.
/// </summary>
public sealed class SteadyLoad : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _sending;
    private long _sent;

    /// <param name="tracking">A client of the tracking API.</param>
    /// <param name="eventsPerSecond">The rate to send at.</param>
    public SteadyLoad(HttpClient tracking, int eventsPerSecond)
    {
        var batchSize = Math.Max(1, eventsPerSecond / 10);
        _sending = Task.Run(() => SendAsync(tracking, batchSize, _stop.Token));
    }

    /// <summary>The events sent so far, per second of load.</summary>
    public double Rate => BenchResult.Rate(Interlocked.Read(ref _sent), _clock.Elapsed);

    private async Task SendAsync(HttpClient tracking, int batchSize, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period);
        for (var seed = 1_000_000; await timer.WaitForNextTickAsync(ct); seed++)
        {
            var body = Traffic.Batches(new Traffic(seed, users: 10_000).Messages(batchSize), batchSize).Single();
            using var response = await tracking.PostAsync("/v1/batch", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            response.EnsureSuccessStatusCode();
            Interlocked.Add(ref _sent, batchSize);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sending;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }
}

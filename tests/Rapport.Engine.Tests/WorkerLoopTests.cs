using Rapport.Engine.Work;
using Rapport.Testing;

namespace Rapport.Engine.Tests;

/// <summary>The loop's catching up on the fake clock: a full batch goes on at once, a partial one pauses twice as long as it took (with no burst).</summary>
public sealed class WorkerLoopTests
{
    /// <summary>A worker whose batches take 100 ms of the clock and handle the counts given, then nothing.</summary>
    private sealed class Scripted(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, params int[] counts) : IWorker
    {
        private int _runs;

        public List<DateTimeOffset> Started { get; } = [];

        public string Name => "scripted";

        public int? CatchesUpAt => 10;

        public WorkBell Bell { get; } = new();

        public Task<int> RunOnceAsync(CancellationToken ct)
        {
            lock (Started)
            {
                Started.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMilliseconds(100));
            return Task.FromResult(_runs < counts.Length ? counts[_runs++] : 0);
        }

        public int Runs
        {
            get
            {
                lock (Started)
                {
                    return Started.Count;
                }
            }
        }
    }

    [Fact]
    public async Task Full_batches_follow_one_another_at_once_and_a_partial_one_pauses_twice_its_time()
    {
        var clock = TestClock.New();
        var worker = new Scripted(clock, 10, 10, 3);
        using var stop = new CancellationTokenSource();
        var loop = new WorkerLoop(clock) { Burst = TimeSpan.Zero }.RunAsync(worker, stop.Token); // no burst: each partial batch is paid for

        await Eventually.UntilAsync(() => Task.FromResult(worker.Runs), runs => runs >= 3, "three batches without the clock moved from outside");
        Assert.Equal(3, worker.Runs); // the partial third batch pauses: nothing runs until the clock moves
        await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            return Task.FromResult(worker.Runs);
        }, runs => runs >= 4, "the batch after the pause");

        var started = worker.Started.Select(t => t - TestClock.Start).ToList();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], started.Take(3)); // no pause after a full batch
        Assert.True(started[3] >= TimeSpan.FromMilliseconds(300 + 200), $"the fourth batch began at {started[3]}"); // 100 ms of work, twice that of pause
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }
}

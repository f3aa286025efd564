using Rapport.Server.Hosting;

namespace Rapport.Server.Tests;

/// <summary>Memory is given back once after a burst of work, not while it runs, and not when there was none.</summary>
public sealed class IdleDetectorTests
{
    private const long MB = 1 << 20;

    [Fact]
    public void Says_idle_once_after_a_burst_and_not_during_it()
    {
        var idle = new IdleDetector(busyBytes: 256 * MB, idleBytes: 4 * MB);
        var allocated = 0L;
        var answers = new List<bool>();
        foreach (var step in new[] { 0L, 100, 100, 100, 1, 1, 1, 300, 2, 2 })
        {
            allocated += step * MB;
            answers.Add(idle.FellIdle(allocated));
        }

        Assert.Equal([false, false, false, false, true, false, false, false, true, false], answers);
    }

    [Fact]
    public void A_steady_trickle_is_trimmed_at_most_once_per_burst_size()
    {
        var idle = new IdleDetector(busyBytes: 256 * MB, idleBytes: 4 * MB);
        var trims = Enumerable.Range(0, 1000).Count(i => idle.FellIdle(i * 3 * MB));
        Assert.Equal(3000 / 256, trims);
    }
}

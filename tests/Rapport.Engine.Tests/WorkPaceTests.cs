using Rapport.Engine.Work;

namespace Rapport.Engine.Tests;

/// <summary>
/// The upkeep's share of the time: a change that meets a rested loop is done at once, even when its work takes several
/// rounds, and a loop that is never idle still rests twice as long as it works.
/// </summary>
public sealed class WorkPaceTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void A_rested_loop_does_a_chain_of_rounds_within_its_burst_without_a_pause()
    {
        var pace = new WorkPace(Ms(250));
        Assert.Equal(TimeSpan.Zero, pace.PauseAfter(TimeSpan.FromMinutes(5), Ms(80)));
        Assert.Equal(TimeSpan.Zero, pace.PauseAfter(Ms(1), Ms(80)));
        Assert.Equal(TimeSpan.Zero, pace.PauseAfter(Ms(1), Ms(80)));
    }

    [Fact]
    public void Past_its_burst_the_loop_pauses_until_it_owes_nothing()
    {
        var pace = new WorkPace(Ms(250));
        Assert.Equal(Ms(100), pace.PauseAfter(TimeSpan.FromMinutes(5), Ms(300))); // 50 ms over: 2 × 50 ms of rest
        Assert.Equal(TimeSpan.Zero, pace.PauseAfter(Ms(100), Ms(0)));              // the pause paid it back
    }

    [Fact]
    public void A_loop_that_is_never_idle_rests_twice_as_long_as_it_works()
    {
        var pace = new WorkPace(Ms(250));
        var (worked, rested) = (TimeSpan.Zero, TimeSpan.Zero);
        var pause = TimeSpan.Zero;
        for (var round = 0; round < 1_000; round++)
        {
            var took = Ms(10 + (round % 7) * 15);
            pause = pace.PauseAfter(pause, took);
            (worked, rested) = (worked + took, rested + pause);
        }

        var share = worked / (worked + rested);
        Assert.InRange(share, 0.33, 0.34); // the burst is spent once; after it, every round is paid for
    }

    [Fact]
    public void A_round_longer_than_the_longest_pause_is_followed_by_that_pause_and_then_forgiven()
    {
        var pace = new WorkPace(Ms(250));
        Assert.Equal(WorkPace.LongestPause, pace.PauseAfter(Ms(0), TimeSpan.FromSeconds(50))); // a full refresh
        Assert.Equal(TimeSpan.Zero, pace.PauseAfter(WorkPace.LongestPause, Ms(0)));
        Assert.Equal(Ms(20), pace.PauseAfter(Ms(0), Ms(10))); // no burst left: each round is paid for again
    }
}

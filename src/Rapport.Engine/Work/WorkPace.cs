namespace Rapport.Engine.Work;

/// <summary>
/// How long a worker loop rests after a round of work, so that under a stream of changes its workers take at most a
/// third of the time (the rest is for ingest and the API) and each round takes in the work of many changes at once.
/// The third is kept as a budget, not after every round: time out of rounds earns half its length in work (2 ms of
/// rest for 1 ms of work), up to <see cref="Burst"/>; a round spends what it took; a round that leaves the budget in
/// debt is followed by the pause that pays the debt back (at most <see cref="LongestPause"/>). So a change that comes to
/// a rested loop is done at once, even when the work it causes takes several rounds, and a loop that is never idle
/// pauses twice as long as each round took, as a simple pause after every round would.
/// </summary>
public sealed class WorkPace(TimeSpan burst)
{
    /// <summary>The longest pause after a round; a longer debt is forgiven (a full refresh does not slow the next minute).</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    private TimeSpan _budget = burst;

    /// <summary>The work a loop may do straight after a rest.</summary>
    public TimeSpan Burst { get; } = burst;

    /// <summary>The pause after a round that took <paramref name="worked"/>, when <paramref name="rested"/> passed since the round before ended.</summary>
    public TimeSpan PauseAfter(TimeSpan rested, TimeSpan worked)
    {
        var earned = _budget + rested / 2;
        _budget = (earned < Burst ? earned : Burst) - worked;
        if (_budget < -LongestPause / 2)
        {
            _budget = -LongestPause / 2;
        }

        return _budget < TimeSpan.Zero ? -2 * _budget : TimeSpan.Zero;
    }
}

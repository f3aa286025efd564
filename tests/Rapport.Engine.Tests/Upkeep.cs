using Rapport.Engine.Segments;
using Rapport.Engine.Value;
using Rapport.Engine.Work;
using Rapport.Testing;

namespace Rapport.Engine.Tests;

/// <summary>
/// One node's workers (segment membership, customer value, loyalty ladder) on a fixture's stores and fake clock, as
/// the server wires them; tests run them batch by batch instead of waiting for a loop.
/// </summary>
public sealed class Upkeep
{
    public Upkeep(StoreFixture store, ListLogger<SegmentFailures>? failuresLog = null, Rapport.Core.Ports.IMembershipStore? memberships = null)
    {
        Store = store;
        var work = store.Work;
        Answers = new WorkAnswers(work, store.Clock);
        Values = new CustomerValues(store.Values, store.Ladder, store.Settings, store.Clock);
        var times = WorkTimes.Default;
        Segments = new SegmentWorker(new SegmentCatalog(store.Segments), store.Workspaces, memberships ?? store.Memberships,
            new SegmentFailures(store.Segments, failuresLog ?? new ListLogger<SegmentFailures>(), store.Clock),
            work, Answers, times, store.Clock, SegmentsLog);
        Value = new ValueWorker(Values, store.Workspaces, work, Answers, times, store.Clock, new ListLogger<ValueWorker>());
        Ladder = new LadderWorker(Values, store.Workspaces, work, Answers, times, store.Clock, new ListLogger<LadderWorker>());
    }

    public StoreFixture Store { get; }

    public WorkAnswers Answers { get; }

    public CustomerValues Values { get; }

    public ListLogger<SegmentWorker> SegmentsLog { get; } = new();

    public SegmentWorker Segments { get; }

    public ValueWorker Value { get; }

    public LadderWorker Ladder { get; }

    /// <summary>The workers in the order the server's loop runs them in one round.</summary>
    public IReadOnlyList<IWorker> Workers => QueueWorker.InTurn([Segments, Value, Ladder]);

    /// <summary>One round of the server's upkeep loop: each worker takes one batch, in turn.</summary>
    public async Task<int> RunRoundAsync()
    {
        var done = 0;
        foreach (var worker in Workers)
        {
            done += await worker.RunOnceAsync(CancellationToken.None);
        }

        return done;
    }

    /// <summary>Runs every worker until none finds work due: what the loops do between two changes.</summary>
    public async Task<int> RunUntilQuietAsync()
    {
        var total = 0;
        for (var round = 0; round < 50; round++)
        {
            var done = await RunRoundAsync();
            if (done == 0)
            {
                return total;
            }

            total += done;
        }

        throw new InvalidOperationException("the workers kept finding work after 50 rounds: work that makes work without end");
    }

    /// <summary>The clock moves on by <paramref name="by"/>, and the workers do what came due.</summary>
    public async Task PassAsync(TimeSpan by)
    {
        Store.Clock.Advance(by);
        await RunUntilQuietAsync();
    }
}

namespace Rapport.Engine.Work;

/// <summary>
/// One kind of background work (keeping segments, values or stages current; sending messages). Every node may run every
/// worker: the work is stored and leased, so two nodes never do the same item at once and a crashed node's items are
/// taken over when their lease runs out.
/// </summary>
public interface IWorker
{
    /// <summary>What it keeps, for logs and metrics: "segment-membership", "dispatch".</summary>
    string Name { get; }

    /// <summary>Does one batch of due work; returns how many items it handled (0: none was due). Tests call it instead of waiting.</summary>
    Task<int> RunOnceAsync(CancellationToken ct);

    /// <summary>
    /// For a worker whose work is due at a time (journey timers): the batch that says it is behind, after which its loop
    /// goes on at once, unpaused. Null (the default): the worker keeps what ingest and the API change (the upkeep, the
    /// journeys' wake-ups) and is paced to its share of the machine even when behind, so that ingest keeps the rest.
    /// </summary>
    int? CatchesUpAt => null;

    /// <summary>Completes when there may be new work: rung in this process when work is recorded; the loop also looks on its own every so often.</summary>
    WorkBell Bell { get; }
}

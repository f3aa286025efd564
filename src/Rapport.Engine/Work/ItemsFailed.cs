namespace Rapport.Engine.Work;

/// <summary>
/// Thrown by a queue's work (<see cref="QueueWorker"/>) that did each item on its own and knows which failed, each with its
/// reason: the other items are recorded done, and only these are tried again, or parked at their last attempt.
/// </summary>
public sealed class ItemsFailed(IReadOnlyDictionary<long, string> reasons)
    : Exception($"{reasons.Count} work items failed: {string.Join("; ", reasons.Values.Distinct(StringComparer.Ordinal).Take(3))}")
{
    /// <summary>Why each item failed, by the item's id.</summary>
    public IReadOnlyDictionary<long, string> Reasons { get; } = reasons;
}

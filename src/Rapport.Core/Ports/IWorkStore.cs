using Rapport.Core.Work;

namespace Rapport.Core.Ports;

/// <summary>Where a background item stands: waiting (perhaps leased by a worker), done (kept only when it has an answer), or failed and parked.</summary>
public enum WorkStatus
{
    Waiting,
    Done,
    Failed,
}

/// <summary>A stored work item: what, for which workspace (null: all, for scheduled work), on which queue, and how it went.</summary>
public sealed record StoredWork(
    long Id, int? WorkspaceId, string Queue, WorkItem Item, WorkStatus Status, DateTimeOffset CreatedAt, DateTimeOffset DueAt,
    int Attempts, string? LastError, string? Result);

/// <summary>How much of one queue's work waits, and since when the oldest waits.</summary>
public sealed record QueueBacklog(string Queue, long Waiting, long Failed, DateTimeOffset? OldestWaitingSince);

/// <summary>
/// The durable work items (see <see cref="WorkItem"/>). Items are usually recorded by the stores, in the transaction of
/// the change that causes them; <see cref="RecordAsync"/> is for work asked for on its own.
/// </summary>
public interface IWorkStore
{
    /// <summary>Raised in this process once work recorded on a queue (named) is committed, so its worker can start at once.</summary>
    event Action<string>? Recorded;

    /// <summary>Records an item on the queues it goes to (<see cref="WorkQueues.For"/>); returns the first one's id (0: none).</summary>
    Task<long> RecordAsync(int workspaceId, WorkItem item, DateTimeOffset now, CancellationToken ct);

    /// <summary>Makes sure scheduled work waits on <paramref name="queue"/>: records it for <paramref name="dueAt"/> unless it already waits.</summary>
    Task ScheduleAsync(string queue, WorkItem item, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Leases up to <paramref name="limit"/> due items of a queue, oldest first, for <paramref name="lease"/>: until it runs
    /// out no other worker takes them (PostgreSQL: FOR UPDATE SKIP LOCKED). Returns them with the lease's token.
    /// </summary>
    Task<(long Lease, IReadOnlyList<StoredWork> Items)> ClaimAsync(string queue, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct);

    /// <summary>
    /// Records items of a lease done (an item leased again by another worker meanwhile is left to it), with an answer
    /// for those that asked for one (kept a day), and schedules <paramref name="next"/> in the same transaction.
    /// </summary>
    Task CompleteAsync(long lease, IReadOnlyCollection<long> ids, IReadOnlyDictionary<long, string>? answers,
        (string Queue, WorkItem Item, DateTimeOffset DueAt)? next, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Records a failed attempt: the item waits until <paramref name="retryAt"/>, or (null) is parked as failed. False when
    /// the lease is no longer this worker's (another leased the item meanwhile): nothing is recorded.
    /// </summary>
    Task<bool> FailAsync(long lease, long id, string reason, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct);

    Task<StoredWork?> GetAsync(long id, CancellationToken ct);

    /// <summary>A workspace's items in a status, newest first, after <paramref name="before"/> (an id; 0: from the newest).</summary>
    Task<IReadOnlyList<StoredWork>> ListAsync(int workspaceId, WorkStatus status, long before, int limit, CancellationToken ct);

    /// <summary>Puts a parked item back to wait (a retry an operator asked for); false if there is no such failed item.</summary>
    Task<bool> RetryAsync(int workspaceId, long id, DateTimeOffset now, CancellationToken ct);

    /// <summary>Every queue's backlog, for metrics and the operator.</summary>
    Task<IReadOnlyList<QueueBacklog>> BacklogAsync(DateTimeOffset now, CancellationToken ct);
}

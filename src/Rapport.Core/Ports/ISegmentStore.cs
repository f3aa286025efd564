using Rapport.Core.Segments;

namespace Rapport.Core.Ports;

/// <summary>
/// A stored version of a segment definition: the document it was given as, and how its upkeep goes: the failed
/// evaluations in a row with the last one's reason, and when it was parked after too many (null: it is kept current).
/// </summary>
public sealed record StoredSegment(
    string Key, int Version, string Name, string Document, DateTimeOffset CreatedAt, int Failures = 0, string? LastError = null, DateTimeOffset? ParkedAt = null);

public interface ISegmentStore
{
    /// <summary>Stores the next version of a segment (the document as JSON text).</summary>
    Task<int> SaveAsync(int workspaceId, string key, string name, string document, DateTimeOffset now, CancellationToken ct);

    /// <summary>Deletes a segment (a version that says so: its history stays). False when there is no such segment.</summary>
    Task<bool> DeleteAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct);

    /// <summary>The newest version of every segment that is not deleted.</summary>
    Task<IReadOnlyList<StoredSegment>> CurrentAsync(int workspaceId, CancellationToken ct);

    /// <summary>
    /// Records a failed evaluation of a version with its reason and, in the same transaction, its retry for everyone after
    /// the wait <see cref="Work.WorkRetry"/> gives; at the last failure it gives, or at once when <paramref name="parkNow"/>
    /// (trying again cannot help), the version is parked instead. Returns the failures in a row and whether it is parked.
    /// </summary>
    Task<(int Failures, bool Parked)> RecordFailureAsync(
        int workspaceId, string key, int version, string reason, bool parkNow, DateTimeOffset now, CancellationToken ct);

    /// <summary>A version that had failed was evaluated: its failures in a row are forgotten (a parked one stays parked).</summary>
    Task ClearFailuresAsync(int workspaceId, string key, int version, CancellationToken ct);

    /// <summary>The contacts that meet <paramref name="condition"/> now, in id order after <paramref name="after"/>; <paramref name="segments"/> resolves references.</summary>
    Task<IReadOnlyList<SegmentMember>> MembersAsync(
        int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now, long after, int limit, CancellationToken ct);

    Task<long> CountAsync(int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now, CancellationToken ct);

    /// <summary>Those of <paramref name="contacts"/> that meet <paramref name="condition"/> now (a journey's audience, its branches).</summary>
    Task<IReadOnlySet<long>> MatchingAsync(int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now,
        IReadOnlyCollection<long> contacts, CancellationToken ct);
}

/// <summary>A member as lists and exports show one.</summary>
public sealed record SegmentMember(long Id, string? ExternalId, string? Email, string? Phone);

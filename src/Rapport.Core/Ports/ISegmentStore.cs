using Rapport.Core.Segments;

namespace Rapport.Core.Ports;

/// <summary>A stored version of a segment definition: the document it was given as, and the typed definition.</summary>
public sealed record StoredSegment(string Key, int Version, string Name, string Document, DateTimeOffset CreatedAt);

public interface ISegmentStore
{
    /// <summary>Stores the next version of a segment (the document as JSON text).</summary>
    Task<int> SaveAsync(int workspaceId, string key, string name, string document, DateTimeOffset now, CancellationToken ct);

    /// <summary>Deletes a segment (a version that says so: its history stays). False when there is no such segment.</summary>
    Task<bool> DeleteAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct);

    /// <summary>The newest version of every segment that is not deleted.</summary>
    Task<IReadOnlyList<StoredSegment>> CurrentAsync(int workspaceId, CancellationToken ct);

    /// <summary>The contacts that meet <paramref name="condition"/> now, in id order after <paramref name="after"/>; <paramref name="segments"/> resolves references.</summary>
    Task<IReadOnlyList<SegmentMember>> MembersAsync(
        int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now, long after, int limit, CancellationToken ct);

    Task<long> CountAsync(int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now, CancellationToken ct);
}

/// <summary>A member as lists and exports show one.</summary>
public sealed record SegmentMember(long Id, string? ExternalId, string? Email, string? Phone);

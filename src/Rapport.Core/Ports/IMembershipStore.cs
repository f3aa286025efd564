using Rapport.Core.Segments;

namespace Rapport.Core.Ports;

/// <summary>A stay of one contact in one segment: when they entered and, once they have, when they left.</summary>
public sealed record Membership(string SegmentKey, long ContactId, DateTimeOffset EnteredAt, DateTimeOffset? ExitedAt);

/// <summary>Who entered and who left in one refresh: the internal "entered segment" / "left segment" events.</summary>
public sealed record MembershipChanges(IReadOnlyList<long> Entered, IReadOnlyList<long> Exited);

public interface IMembershipStore
{
    /// <summary>Brings a segment's stored membership up to date, for <paramref name="contacts"/> or (null) for everyone.</summary>
    Task<MembershipChanges> RefreshAsync(int workspaceId, string key, Condition condition, Func<string, SegmentDefinition?> segments,
        DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct);

    /// <summary>Lets every member of a deleted segment out.</summary>
    Task CloseAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<Membership>> OfContactAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>The latest entries and exits of a segment, newest first.</summary>
    Task<IReadOnlyList<Membership>> ChangesAsync(int workspaceId, string key, int limit, CancellationToken ct);
}

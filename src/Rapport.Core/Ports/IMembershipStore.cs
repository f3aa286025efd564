using Rapport.Core.Segments;

namespace Rapport.Core.Ports;

/// <summary>A stay of one contact in one segment: when they entered and, once they have, when they left.</summary>
public sealed record Membership(string SegmentKey, long ContactId, DateTimeOffset EnteredAt, DateTimeOffset? ExitedAt);

/// <summary>Who entered and who left in one refresh: the internal "entered segment" / "left segment" events.</summary>
public sealed record MembershipChanges(IReadOnlyList<long> Entered, IReadOnlyList<long> Exited);

/// <summary>One segment to bring up to date for some contacts, among others in one batch (<see cref="IMembershipStore.RefreshForContactsAsync"/>).</summary>
public sealed record SegmentRefresh(string Key, Condition Condition, IReadOnlyCollection<long> Contacts);

public interface IMembershipStore
{
    /// <summary>Brings a segment's stored membership up to date, for <paramref name="contacts"/> or (null) for everyone.</summary>
    Task<MembershipChanges> RefreshAsync(int workspaceId, string key, Condition condition, Func<string, SegmentDefinition?> segments,
        DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct);

    /// <summary>
    /// Brings several segments' membership up to date for some contacts each, in one transaction. A segment whose
    /// evaluation fails is undone alone, and returned with the reason; the others are kept.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> RefreshForContactsAsync(int workspaceId, IReadOnlyList<SegmentRefresh> refreshes,
        Func<string, SegmentDefinition?> segments, DateTimeOffset now, CancellationToken ct);

    /// <summary>Lets every member of a deleted segment out.</summary>
    Task CloseAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<Membership>> OfContactAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>The latest entries and exits of a segment, newest first.</summary>
    Task<IReadOnlyList<Membership>> ChangesAsync(int workspaceId, string key, int limit, CancellationToken ct);
}

using Rapport.Core.Events;

namespace Rapport.Core.Ports;

public interface IEventStore
{
    /// <summary>
    /// Stores valid messages in one transaction: identities are resolved, identify traits applied,
    /// and a message whose messageId is already stored is skipped (ingest is idempotent).
    /// </summary>
    Task<IngestSummary> IngestAsync(
        int workspaceId, IReadOnlyList<TrackingMessage> messages, string source, DateTimeOffset receivedAt, CancellationToken ct);

    /// <summary>The contact's events, newest first.</summary>
    Task<Page<StoredEvent>> TimelineAsync(int workspaceId, long contactId, string? cursor, int limit, CancellationToken ct);
}

public sealed record IngestSummary(int Stored, int Duplicates)
{
    /// <summary>The contacts the stored messages were about (after identity resolution).</summary>
    public IReadOnlyCollection<long> Contacts { get; init; } = [];

    /// <summary>The contacts that absorbed another (an identify or alias merged two): the absorbed one's events are theirs now.</summary>
    public IReadOnlyCollection<long> Merged { get; init; } = [];
}

public sealed record StoredEvent(
    long Id,
    string MessageId,
    long ContactId,
    MessageType Type,
    string? Name,
    string PropertiesJson,
    string ContextJson,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    string Source);

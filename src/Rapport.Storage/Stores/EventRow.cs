using Rapport.Core.Events;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

/// <summary>
/// An event as its table holds it: read for timelines, written in bulk by ingest (where a merge later in
/// the batch may still move a waiting event to another contact).
/// </summary>
internal sealed class EventRow
{
    public long Id { get; init; }
    public int WorkspaceId { get; init; }
    public string MessageId { get; init; } = "";
    public long ContactId { get; set; }
    public string Type { get; init; } = "";
    public string? Name { get; init; }
    public string Properties { get; init; } = "{}";
    public string Context { get; init; } = "{}";
    public long Timestamp { get; init; }
    public long ReceivedAt { get; init; }
    public string Source { get; init; } = "";

    public StoredEvent ToStoredEvent() => new(
        Id, MessageId, ContactId, MessageTypes.Parse(Type), Name, Properties, Context, UnixMs.ToTime(Timestamp), UnixMs.ToTime(ReceivedAt), Source);
}

using System.Data.Common;
using System.Globalization;
using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Events;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

public sealed class EventStore(Database db, ContactRules rules) : IEventStore
{
    /// <summary>
    /// On SQLite, which writes one transaction at a time anyway, batches waiting together are written in
    /// one transaction of up to this many messages (measured: +7% HTTP ingest). PostgreSQL writes
    /// concurrent batches in parallel, which serves it better.
    /// </summary>
    private const int GroupLimit = 2000;

    private readonly GroupCommit<IngestRequest, IngestSummary> _ingest =
        new(db, (c, tx, request) => IngestAsync(db, rules, c, tx, request), r => r.Messages.Count, GroupLimit, WriteEffect.KeepsIdentities);

    public Task<IngestSummary> IngestAsync(
        int workspaceId, IReadOnlyList<TrackingMessage> messages, string source, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var request = new IngestRequest(workspaceId, messages, source, receivedAt);
        return db.Dialect == Dialect.Sqlite
            ? _ingest.RunAsync(request, ct)
            : db.WriteAsync((c, tx) => IngestAsync(db, rules, c, tx, request), ct);
    }

    private static async Task<IngestSummary> IngestAsync(Database db, ContactRules rules, DbConnection c, DbTransaction tx, IngestRequest request)
    {
        var (workspaceId, messages, source, receivedAt) = request;
        var batch = new IngestBatch(db, rules, c, tx, workspaceId, receivedAt);
        var fresh = await batch.BeginAsync(messages.DistinctBy(m => m.MessageId, StringComparer.Ordinal).ToList());
        foreach (var message in fresh)
        {
            batch.AddEvent(message, await batch.ContactForAsync(message), source);
        }

        var stored = await batch.FlushAsync();
        foreach (var message in fresh.Where(ConsentEvents.Changes))
        {
            var record = ConsentEvents.Read(message, topicExists: null).Record!; // checked when the message was accepted
            await ConsentWriter.RecordAsync(db, c, tx, workspaceId, record with { ContactId = batch.ContactOf(message.MessageId) });
        }

        var summary = new IngestSummary(stored, messages.Count - stored) { Contacts = batch.Contacts(), Merged = batch.Survivors() };
        await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.Tracked(fresh, summary.Contacts.ToList()), receivedAt);
        await WorkItems.RecordAsync(db, c, tx, workspaceId, EventsTracked.Tracked(fresh), receivedAt);
        await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.AnythingOf(summary.Merged.ToList()), receivedAt);
        return summary;
    }

    private sealed record IngestRequest(int WorkspaceId, IReadOnlyList<TrackingMessage> Messages, string Source, DateTimeOffset ReceivedAt);

    public async Task<Page<StoredEvent>> TimelineAsync(int workspaceId, long contactId, string? cursor, int limit, CancellationToken ct)
    {
        var (beforeTimestamp, beforeId) = ParseCursor(cursor);
        var rows = (await db.ReadAsync(c => c.QueryAsync<EventRow>(db.Queries[Q.EventsTimeline], new
        {
            WorkspaceId = workspaceId,
            ContactId = contactId,
            BeforeTimestamp = beforeTimestamp,
            BeforeId = beforeId,
            Limit = limit + 1,
        }), ct)).ToList();
        var items = rows.Take(limit).Select(r => r.ToStoredEvent()).ToList();
        var next = rows.Count > limit
            ? string.Create(CultureInfo.InvariantCulture, $"{items[^1].Timestamp.ToUnixTimeMilliseconds()}.{items[^1].Id}")
            : null;
        return new Page<StoredEvent>(items, next);
    }

    /// <summary>A cursor is "timestampMs.eventId" of the last event of the previous page.</summary>
    public static bool IsValidCursor(string? cursor) => cursor is null || TryParseCursor(cursor, out _, out _);

    private static (long Timestamp, long Id) ParseCursor(string? cursor) =>
        cursor is not null && TryParseCursor(cursor, out var timestamp, out var id) ? (timestamp, id) : (long.MaxValue, long.MaxValue);

    private static bool TryParseCursor(string cursor, out long timestamp, out long id)
    {
        var parts = cursor.Split('.');
        id = 0;
        timestamp = 0;
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out timestamp)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}

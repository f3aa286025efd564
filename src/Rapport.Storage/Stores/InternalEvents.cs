using System.Data.Common;
using Dapper;
using Rapport.Core.Events;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>
/// Writes Rapport's own events (<see cref="RapportEvent"/>) on contacts' timelines, in the transaction of
/// the change they tell of. Their message ids are made from what happened, so writing one twice stores it once.
/// </summary>
internal static class InternalEvents
{
    /// <summary>Waits until no other writer keeps <paramref name="key"/> of the workspace (a segment, or the ladder) up to date.</summary>
    public static Task LockAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, string key) =>
        c.ExecuteScalarAsync(db.Queries[Q.UpkeepLock], new { WorkspaceId = workspaceId, Key = key }, tx);

    /// <summary>
    /// Writes the events and records the change they make (work for the queues that keep what depends on them,
    /// but for <paramref name="from"/>, the queue whose work wrote them, if it keeps nothing that depends on them).
    /// </summary>
    public static Task WriteAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, string? from,
        IReadOnlyList<(long ContactId, RapportEvent Event)> events, DateTimeOffset now) =>
        WriteAsync(db, c, tx, workspaceId, from, events.Select(e => Row(workspaceId, e.ContactId, e.Event, now)).ToList(), now);

    /// <summary>The row of one of Rapport's own events, with its message id made from what happened.</summary>
    public static EventRow Row(int workspaceId, long contactId, RapportEvent e, DateTimeOffset now)
    {
        var at = UnixMs.Of(now);
        return new EventRow
        {
            WorkspaceId = workspaceId,
            MessageId = $"rapport:{e.Name}:{e.Key}:{contactId}:{at}",
            ContactId = contactId,
            Type = "track",
            Name = e.Name,
            Properties = e.Properties().ToJsonString(),
            Context = "{}",
            Timestamp = at,
            ReceivedAt = at,
            Source = ReservedEvents.Source,
        };
    }

    /// <summary>Writes events for the contacts' timelines only (<see cref="ReservedEvents.NotFollowed"/>): no work is recorded for them.</summary>
    public static Task WriteForTimelineAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId,
        IReadOnlyList<(long ContactId, RapportEvent Event)> events, DateTimeOffset now) =>
        events.Count == 0 ? Task.CompletedTask
            : BulkRows.WriteAsync(db, c, tx, Q.InternalEventsInsertMany, events.Select(e => Row(workspaceId, e.ContactId, e.Event, now)).ToList());

    /// <summary>
    /// Writes named track events Rapport made (a message id already stored is skipped) and records, with one item each,
    /// the change they make to their contacts (as above) and the events for the journeys they may trigger or answer.
    /// </summary>
    public static async Task WriteAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, string? from,
        IReadOnlyList<EventRow> events, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return;
        }

        var names = events.Select(e => e.Name).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        await WorkItems.RecordAsync(db, c, tx, workspaceId,
            new ContactsChanged(events.Select(e => e.ContactId).Distinct().ToList(), Events: names, Value: names.Contains(ReservedEvents.StageChanged),
                From: from), now);
        await WorkItems.RecordAsync(db, c, tx, workspaceId, new EventsTracked(events.Select(e => e.MessageId).ToList()), now);
        await BulkRows.WriteAsync(db, c, tx, Q.InternalEventsInsertMany, events);
    }
}

using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>
/// The events Rapport itself records on a contact's timeline, in the transaction of the change they tell
/// of: <c>Segment Entered</c> / <c>Segment Exited</c> ({"segment": key}) and <c>Stage Changed</c>
/// ({"from", "to"}). Journeys trigger on them like on any tracked event. Their message ids are made from
/// what happened, so writing one twice stores it once.
/// </summary>
internal static class InternalEvents
{
    public const string Source = "rapport";
    public const string SegmentEntered = "Segment Entered";
    public const string SegmentExited = "Segment Exited";
    public const string StageChanged = "Stage Changed";

    /// <summary>Waits until no other writer keeps <paramref name="key"/> of the workspace (a segment, or the ladder) up to date.</summary>
    public static Task LockAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, string key) =>
        c.ExecuteScalarAsync(db.Queries[Q.UpkeepLock], new { WorkspaceId = workspaceId, Key = key }, tx);

    /// <summary>
    /// Writes the events and records the change they make (work for the queues that keep what depends on them,
    /// but for <paramref name="from"/>, the queue whose work wrote them, if it does not keep anything that depends on them).
    /// </summary>
    public static async Task WriteAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, string? from,
        IReadOnlyList<(long ContactId, string Name, JsonObject Properties, string Key)> events, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return;
        }

        var names = events.Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
        await WorkItems.RecordAsync(db, c, tx, workspaceId,
            new ContactsChanged(events.Select(e => e.ContactId).Distinct().ToList(), Events: names, Value: names.Contains(StageChanged), From: from), now);
        var at = UnixMs.Of(now);
        await BulkRows.WriteAsync(db, c, tx, Q.InternalEventsInsertMany, events.Select(e => new EventRow
        {
            WorkspaceId = workspaceId,
            MessageId = $"rapport:{e.Name}:{e.Key}:{e.ContactId}:{at}",
            ContactId = e.ContactId,
            Type = "track",
            Name = e.Name,
            Properties = e.Properties.ToJsonString(),
            Context = "{}",
            Timestamp = at,
            ReceivedAt = at,
            Source = Source,
        }));
    }
}

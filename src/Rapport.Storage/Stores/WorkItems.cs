using System.Data.Common;
using System.Text.Json;
using Dapper;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>Records work inside the transaction of the change that causes it, on the queues the item goes to.</summary>
internal static class WorkItems
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Returns the id of the first row recorded (0: the item goes to no queue).</summary>
    public static async Task<long> RecordAsync(
        Database db, DbConnection c, DbTransaction tx, int workspaceId, WorkItem item, DateTimeOffset now, DateTimeOffset? dueAt = null)
    {
        var queues = WorkQueues.For(item);
        long first = 0;
        var text = JsonSerializer.Serialize(item, Json);
        foreach (var queue in queues)
        {
            var id = await c.ExecuteScalarAsync<long>(db.Queries[Q.WorkInsert], new
            {
                WorkspaceId = workspaceId, Queue = queue, Kind = item.KindName, Item = text, DueAt = UnixMs.Of(dueAt ?? now), Now = UnixMs.Of(now),
            }, tx);
            db.RecordedWork(tx, queue);
            first = first == 0 ? id : first;
        }

        return first;
    }

    /// <summary>Records, due at <paramref name="dueAt"/>, scheduled work for all workspaces unless such work already waits on the queue.</summary>
    public static async Task ScheduleAsync(Database db, DbConnection c, DbTransaction tx, string queue, WorkItem item, DateTimeOffset dueAt, DateTimeOffset now)
    {
        await c.ExecuteAsync(db.Queries[Q.WorkSchedule], new
        {
            Queue = queue, Kind = item.KindName, Item = JsonSerializer.Serialize(item, Json), DueAt = UnixMs.Of(dueAt), Now = UnixMs.Of(now),
        }, tx);
    }

    public static WorkItem Read(string text) => JsonSerializer.Deserialize<WorkItem>(text, Json)!;
}

using Rapport.Core.Work;
using Dapper;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class SettingStore(Database db) : ISettingStore
{
    public Task<string> GetOrAddAsync(int workspaceId, string key, Func<string> create, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var ids = new { WorkspaceId = workspaceId, Key = key };
            await c.ExecuteAsync(db.Queries[Q.SettingInsert], new { WorkspaceId = workspaceId, Key = key, Value = create() }, tx);
            return await c.QuerySingleAsync<string>(db.Queries[Q.SettingGet], ids, tx);
        }, ct);

    public Task<string?> GetAsync(int workspaceId, string key, CancellationToken ct) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<string?>(db.Queries[Q.SettingGet], new { WorkspaceId = workspaceId, Key = key }), ct);

    public Task SetAsync(int workspaceId, string key, string value, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.SettingUpsert], new { WorkspaceId = workspaceId, Key = key, Value = value }, tx), ct);

    public Task<long> SetAsync(int workspaceId, string key, string value, WorkItem then, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(db.Queries[Q.SettingUpsert], new { WorkspaceId = workspaceId, Key = key, Value = value }, tx);
            return await WorkItems.RecordAsync(db, c, tx, workspaceId, then, now);
        }, ct);
}

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
}

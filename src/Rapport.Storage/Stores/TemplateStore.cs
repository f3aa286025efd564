using Dapper;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class TemplateStore(Database db) : ITemplateStore
{
    public Task<int> SaveAsync(int workspaceId, string key, string name, string channel, string document, DateTimeOffset now, CancellationToken ct) =>
        InsertAsync(workspaceId, key, name, channel, document, deleted: false, now, ct);

    public async Task<bool> DeleteAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct)
    {
        if (await GetAsync(workspaceId, key, null, ct) is not { } current)
        {
            return false;
        }

        await InsertAsync(workspaceId, key, current.Name, current.Channel, current.Document, deleted: true, now, ct);
        return true;
    }

    public async Task<IReadOnlyList<StoredTemplate>> CurrentAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.TemplatesCurrent], new { WorkspaceId = workspaceId, NotDeleted = false }), ct))
        .Select(r => r.ToTemplate()).ToList();

    public async Task<StoredTemplate?> GetAsync(int workspaceId, string key, int? version, CancellationToken ct) =>
        await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(db.Queries[Q.TemplateGet],
            new { WorkspaceId = workspaceId, Key = key, Newest = version is null, Version = version ?? 0 }), ct) is { Deleted: false } row
            ? row.ToTemplate()
            : null;

    public async Task<IReadOnlyList<TemplateVersion>> VersionsAsync(int workspaceId, string key, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.TemplateVersions], new { WorkspaceId = workspaceId, Key = key, NotDeleted = false }), ct))
        .Select(r => new TemplateVersion(r.Version, r.Name, UnixMs.ToTime(r.CreatedAt))).ToList();

    private Task<int> InsertAsync(int workspaceId, string key, string name, string channel, string document, bool deleted, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteScalarAsync<int>(db.Queries[Q.TemplateInsert], new
        {
            WorkspaceId = workspaceId, Key = key, Name = name, Channel = channel, Document = document, Deleted = deleted, Now = UnixMs.Of(now),
        }, tx), WriteEffect.KeepsIdentities, ct);

    private sealed class Row
    {
        public string Key { get; init; } = "";
        public int Version { get; init; }
        public string Name { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Document { get; init; } = "";
        public long CreatedAt { get; init; }
        public bool Deleted { get; init; }

        public StoredTemplate ToTemplate() => new(Key, Version, Name, Channel, Document, UnixMs.ToTime(CreatedAt));
    }
}

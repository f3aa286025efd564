using Dapper;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class PolicyStore(Database db) : IPolicyStore
{
    /// <summary>The newest version is read in the same transaction as the insert, so the same document saved twice at once makes one version.</summary>
    public Task<StoredPolicy> SaveAsync(int workspaceId, string document, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var newest = await c.QuerySingleOrDefaultAsync<Row>(db.Queries[Q.PolicyGet], new { WorkspaceId = workspaceId, Newest = true, Version = 0 }, tx);
            if (newest is not null && newest.Document == document)
            {
                return newest.ToPolicy();
            }

            var version = await c.ExecuteScalarAsync<int>(db.Queries[Q.PolicyInsert], new { WorkspaceId = workspaceId, Document = document, Now = UnixMs.Of(now) }, tx);
            return new StoredPolicy(version, document, UnixMs.ToTime(UnixMs.Of(now))); // as it reads back: to the millisecond
        }, WriteEffect.KeepsIdentities, ct);

    public async Task<StoredPolicy?> GetAsync(int workspaceId, int? version, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(db.Queries[Q.PolicyGet],
            new { WorkspaceId = workspaceId, Newest = version is null, Version = version ?? 0 }), ct))?.ToPolicy();

    public async Task<IReadOnlyList<PolicyVersion>> VersionsAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.PolicyVersions], new { WorkspaceId = workspaceId }), ct))
        .Select(r => new PolicyVersion(r.Version, UnixMs.ToTime(r.CreatedAt))).ToList();

    private sealed class Row
    {
        public int Version { get; init; }
        public string Document { get; init; } = "";
        public long CreatedAt { get; init; }

        public StoredPolicy ToPolicy() => new(Version, Document, UnixMs.ToTime(CreatedAt));
    }
}

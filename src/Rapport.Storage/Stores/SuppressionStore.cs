using Dapper;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class SuppressionStore(Database db) : ISuppressionStore
{
    public Task AddAsync(int workspaceId, SuppressionKind kind, string address, SuppressionReason reason, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => AddAsync(db, c, tx, workspaceId, kind, address, reason, now), ct);

    internal static Task<int> AddAsync(
        Database db, System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx,
        int workspaceId, SuppressionKind kind, string address, SuppressionReason reason, DateTimeOffset now) =>
        c.ExecuteAsync(db.Queries[Q.SuppressionInsert], new
        {
            WorkspaceId = workspaceId,
            Kind = WireName.Of(kind),
            Hash = Suppression.HashOf(kind, address),
            Reason = WireName.Of(reason),
            Now = UnixMs.Of(now),
        }, tx);

    public async Task<bool> IsSuppressedAsync(int workspaceId, SuppressionKind kind, string address, CancellationToken ct) =>
        await db.ReadAsync(c => c.ExecuteScalarAsync<long>(db.Queries[Q.SuppressionExists],
            new { WorkspaceId = workspaceId, Kind = WireName.Of(kind), Hash = Suppression.HashOf(kind, address) }), ct) > 0;

    public async Task<IReadOnlyList<Suppression>> ListAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.SuppressionsList], new { WorkspaceId = workspaceId }), ct))
        .Select(r => new Suppression(ConsentRecordRow.Parse<SuppressionKind>(r.Kind), r.Hash,
            ConsentRecordRow.Parse<SuppressionReason>(r.Reason), UnixMs.ToTime(r.CreatedAt)))
        .ToList();

    private sealed class Row
    {
        public string Kind { get; init; } = "";
        public string Hash { get; init; } = "";
        public string Reason { get; init; } = "";
        public long CreatedAt { get; init; }
    }
}

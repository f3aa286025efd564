using Dapper;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Storage.Segments;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

public sealed class SegmentStore(Database db) : ISegmentStore
{
    public Task<int> SaveAsync(int workspaceId, string key, string name, string document, DateTimeOffset now, CancellationToken ct) =>
        InsertAsync(workspaceId, key, name, document, deleted: false, now, ct);

    public async Task<bool> DeleteAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct)
    {
        var current = (await CurrentAsync(workspaceId, ct)).FirstOrDefault(s => s.Key == key);
        if (current is null)
        {
            return false;
        }

        await InsertAsync(workspaceId, key, current.Name, current.Document, deleted: true, now, ct);
        return true;
    }

    public async Task<IReadOnlyList<StoredSegment>> CurrentAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.SegmentsCurrent], new { WorkspaceId = workspaceId, NotDeleted = false }), ct))
        .Select(r => new StoredSegment(r.Key, r.Version, r.Name, r.Definition, UnixMs.ToTime(r.CreatedAt), r.Failures, r.LastError,
            r.ParkedAt is { } parked ? UnixMs.ToTime(parked) : null))
        .ToList();

    public Task<(int Failures, bool Parked)> RecordFailureAsync(
        int workspaceId, string key, int version, string reason, bool parkNow, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var (failures, parkedAt) = await c.QuerySingleOrDefaultAsync<(int Failures, long? ParkedAt)>(db.Queries[Q.SegmentFailureRecord], new
            {
                WorkspaceId = workspaceId, Key = key, Version = version, Reason = reason, ParkAt = parkNow ? 1 : WorkRetry.ParkAt, Now = UnixMs.Of(now),
            }, tx);
            if (parkedAt is null && WorkRetry.WaitAfter(failures) is { } wait)
            {
                await WorkItems.RecordAsync(db, c, tx, workspaceId, new SegmentSaved(key), now, now + wait); // the retry, for everyone
            }

            return (failures, parkedAt is not null);
        }, WriteEffect.KeepsIdentities, ct);

    public Task ClearFailuresAsync(int workspaceId, string key, int version, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.SegmentFailuresClear], new { WorkspaceId = workspaceId, Key = key, Version = version }, tx),
            WriteEffect.KeepsIdentities, ct);

    public async Task<IReadOnlyList<SegmentMember>> MembersAsync(
        int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now, long after, int limit, CancellationToken ct)
    {
        var sql = new SegmentSql(db.Dialect, segments, now);
        var predicate = sql.Compile(condition);
        sql.Parameters.Add("@WorkspaceId", workspaceId);
        sql.Parameters.Add("@After", after);
        sql.Parameters.Add("@Limit", limit);
        return (await db.ReadAsync(c => c.QueryAsync<SegmentMember>(
            $"SELECT c.id AS Id, c.external_id AS ExternalId, c.email AS Email, c.phone AS Phone FROM contact c WHERE c.workspace_id = @WorkspaceId AND c.id > @After AND {predicate} ORDER BY c.id LIMIT @Limit",
            sql.Parameters), ct)).ToList();
    }

    public async Task<long> CountAsync(
        int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now, CancellationToken ct)
    {
        var sql = new SegmentSql(db.Dialect, segments, now);
        var predicate = sql.Compile(condition);
        sql.Parameters.Add("@WorkspaceId", workspaceId);
        return await db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            $"SELECT count(*) FROM contact c WHERE c.workspace_id = @WorkspaceId AND {predicate}", sql.Parameters), ct);
    }

    public async Task<IReadOnlySet<long>> MatchingAsync(int workspaceId, Condition condition, Func<string, SegmentDefinition?> segments, DateTimeOffset now,
        IReadOnlyCollection<long> contacts, CancellationToken ct)
    {
        if (contacts.Count == 0)
        {
            return new HashSet<long>();
        }

        var sql = new SegmentSql(db.Dialect, segments, now);
        var predicate = sql.Compile(condition);
        sql.Parameters.Add("@WorkspaceId", workspaceId);
        sql.Parameters.Add("@Ids", db.List(contacts));
        return (await db.ReadAsync(c => c.QueryAsync<long>(
            $"SELECT c.id FROM contact c WHERE {db.OfWorkspace("c", "id", listed: true)} AND {predicate}", sql.Parameters), ct)).ToHashSet();
    }

    private Task<int> InsertAsync(int workspaceId, string key, string name, string document, bool deleted, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var version = await c.ExecuteScalarAsync<int>(db.Queries[Q.SegmentInsert], new
            {
                WorkspaceId = workspaceId, Key = key, Name = name, Definition = document, Deleted = deleted, Now = UnixMs.Of(now),
            }, tx);
            await WorkItems.RecordAsync(db, c, tx, workspaceId, new SegmentSaved(key), now);
            return version;
        }, ct);

    private sealed class Row
    {
        public string Key { get; init; } = "";
        public int Version { get; init; }
        public string Name { get; init; } = "";
        public string Definition { get; init; } = "";
        public long CreatedAt { get; init; }
        public int Failures { get; init; }
        public string? LastError { get; init; }
        public long? ParkedAt { get; init; }
    }
}

using System.Data.Common;
using Dapper;
using Rapport.Core.Events;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Storage.Segments;

namespace Rapport.Storage.Stores;

/// <summary>
/// Stored segment membership: who is in each segment since when, and who left when. A refresh brings it
/// up to date with the definition, for some contacts or for all, in one transaction of two set-based
/// statements (enter the new members, let out the others).
/// </summary>
public sealed class MembershipStore(Database db) : IMembershipStore
{
    public Task<MembershipChanges> RefreshAsync(int workspaceId, string key, Condition condition, Func<string, SegmentDefinition?> segments,
        DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct) =>
        db.WriteAsync((c, tx) => RefreshInAsync(c, tx, workspaceId, key, condition, segments, now, contacts), WriteEffect.Upkeep, ct);

    public Task<IReadOnlyDictionary<string, string>> RefreshForContactsAsync(int workspaceId, IReadOnlyList<SegmentRefresh> refreshes,
        Func<string, SegmentDefinition?> segments, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync<IReadOnlyDictionary<string, string>>(async (c, tx) =>
        {
            var failed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var refresh in refreshes.OrderBy(r => r.Key, StringComparer.Ordinal)) // the same order on every node: no deadlock between their locks
            {
                await tx.SaveAsync("segment", ct);
                try
                {
                    await RefreshInAsync(c, tx, workspaceId, refresh.Key, refresh.Condition, segments, now, refresh.Contacts);
                    await tx.ReleaseAsync("segment", ct);
                }
                catch (Exception e) when (!Database.LostRace(e) && e is not OperationCanceledException)
                {
                    // Whatever this segment's query ran into, it is undone alone and the others go on.
                    await tx.RollbackAsync("segment", ct);
                    failed[refresh.Key] = $"{e.GetType().Name}: {e.Message}";
                }
            }

            return failed;
        }, WriteEffect.Upkeep, ct);

    /// <summary>One segment's refresh inside a write transaction: two set-based statements (let out, let in) and their events.</summary>
    private async Task<MembershipChanges> RefreshInAsync(DbConnection c, DbTransaction tx, int workspaceId, string key, Condition condition,
        Func<string, SegmentDefinition?> segments, DateTimeOffset now, IReadOnlyCollection<long>? contacts)
    {
        await InternalEvents.LockAsync(db, c, tx, workspaceId, "segment:" + key);
        var sql = new SegmentSql(db.Dialect, segments, now);
        var predicate = sql.Compile(condition);
        var p = sql.Parameters;
        p.Add("@WorkspaceId", workspaceId);
        p.Add("@Key", key);
        p.Add("@Now", UnixMs.Of(now));
        var onlyMembers = "";
        if (contacts is not null)
        {
            p.Add("@Ids", db.List(contacts));
            onlyMembers = " AND " + db.InList("contact_id", "@Ids");
        }

        var ofWorkspace = db.OfWorkspace("c", "id", contacts is not null);
        var members = $"SELECT c.id FROM contact c WHERE {ofWorkspace} AND {predicate}";
        var exited = await c.QueryAsync<long>(
            $"UPDATE segment_membership SET exited_at = @Now WHERE workspace_id = @WorkspaceId AND segment_key = @Key AND exited_at IS NULL{onlyMembers} " +
            $"AND contact_id NOT IN ({members}){HoldLeaving} RETURNING contact_id", p, tx);
        var entered = await c.QueryAsync<long>(
            "INSERT INTO segment_membership (workspace_id, segment_key, contact_id, entered_at) " +
            $"SELECT @WorkspaceId, @Key, c.id, @Now FROM contact c WHERE {ofWorkspace} AND {predicate} " +
            "AND NOT EXISTS (SELECT 1 FROM segment_membership m WHERE m.workspace_id = c.workspace_id AND m.segment_key = @Key " +
            $"AND m.contact_id = c.id AND m.exited_at IS NULL){db.KeyShare("c")} RETURNING contact_id", p, tx);
        var changes = new MembershipChanges(entered.Order().ToList(), exited.Order().ToList());
        await WriteEventsAsync(c, tx, workspaceId, key, changes, now);
        return changes;
    }

    /// <summary>
    /// The contacts leaving are share-locked as those entering are (<see cref="Database.KeyShare"/>): no stay or
    /// event is written for someone deleted meanwhile.
    /// </summary>
    private string HoldLeaving => db.Dialect == Dialect.Postgres
        ? " AND EXISTS (SELECT 1 FROM contact c WHERE c.workspace_id = segment_membership.workspace_id AND c.id = segment_membership.contact_id FOR KEY SHARE)"
        : "";

    public Task CloseAsync(int workspaceId, string key, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await InternalEvents.LockAsync(db, c, tx, workspaceId, "segment:" + key);
            var exited = await c.QueryAsync<long>(db.Queries[Q.MembershipsClose], new { WorkspaceId = workspaceId, Key = key, Now = UnixMs.Of(now) }, tx);
            await WriteEventsAsync(c, tx, workspaceId, key, new MembershipChanges([], exited.ToList()), now);
            return 0;
        }, WriteEffect.Upkeep, ct);

    /// <summary>Segment Entered / Segment Exited on each contact's timeline.</summary>
    private Task WriteEventsAsync(DbConnection c, DbTransaction tx, int workspaceId, string key, MembershipChanges changes, DateTimeOffset now)
    {
        RapportEvent entered = new SegmentEntered(key), exited = new SegmentExited(key);
        // From no queue: a segment may test the Segment Entered / Exited events of another, and is kept by the same queue.
        return InternalEvents.WriteAsync(db, c, tx, workspaceId, null,
            changes.Entered.Select(id => (id, entered)).Concat(changes.Exited.Select(id => (id, exited))).ToList(), now);
    }

    public async Task<IReadOnlyList<Membership>> OfContactAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.MembershipsOfContact], new { WorkspaceId = workspaceId, ContactId = contactId }), ct))
        .Select(r => r.ToMembership()).ToList();

    public async Task<IReadOnlyList<Membership>> ChangesAsync(int workspaceId, string key, int limit, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.MembershipsChanges], new { WorkspaceId = workspaceId, Key = key, Limit = limit }), ct))
        .Select(r => r.ToMembership()).ToList();

    private sealed class Row
    {
        public string SegmentKey { get; init; } = "";
        public long ContactId { get; init; }
        public long EnteredAt { get; init; }
        public long? ExitedAt { get; init; }

        public Membership ToMembership() =>
            new(SegmentKey, ContactId, UnixMs.ToTime(EnteredAt), ExitedAt is { } e ? UnixMs.ToTime(e) : null);
    }
}

using Rapport.Core.Work;
using System.Data.Common;
using Dapper;
using Rapport.Core;
using Rapport.Core.Events;
using Rapport.Core.Ports;
using Rapport.Core.Value;
using Rapport.Storage.Segments;

namespace Rapport.Storage.Stores;

/// <summary>
/// Each contact's stage of the ladder of loyalty (contact_stage; none stored = suspect) and every move
/// (stage_change). A refresh compiles the ladder's rules into one CASE over the contacts, highest stage
/// first, reading each contact's events and value once for all rules (<see cref="ContactTotals"/>), and writes
/// only the contacts whose stage it changes, with their move, in one transaction.
/// </summary>
public sealed class LadderStore(Database db) : ILadderStore
{
    /// <remarks>
    /// The moves are looked for on a reader first, so a refresh that moves nobody never waits for the writer,
    /// and the writer checks again only the contacts found moving.
    /// </remarks>
    public async Task<IReadOnlyList<StageChange>> RefreshAsync(
        int workspaceId, LoyaltyLadder ladder, DateTimeOffset now, IReadOnlyCollection<long>? contacts, CancellationToken ct)
    {
        var movers = (await db.ReadAsync(c => MovesAsync(c, null, workspaceId, ladder, now, contacts), ct)).Select(m => m.ContactId).ToList();
        if (movers.Count == 0)
        {
            return [];
        }

        return await db.WriteAsync<IReadOnlyList<StageChange>>(async (c, tx) =>
        {
            await InternalEvents.LockAsync(db, c, tx, workspaceId, "ladder");
            var moves = await MovesAsync(c, tx, workspaceId, ladder, now, movers); // again, for them, share-locked: the latest state, no one gone
            var at = UnixMs.Of(now);
            await BulkRows.WriteAsync(db, c, tx, Q.StageUpsertMany, moves.Select(m => new StageRow
            {
                WorkspaceId = workspaceId, ContactId = m.ContactId, Stage = WireName.Of(m.To), Since = at,
            }));
            await BulkRows.WriteAsync(db, c, tx, Q.StageChangeInsertMany, moves.Select(m => new StageChangeRow
            {
                WorkspaceId = workspaceId, ContactId = m.ContactId, FromStage = WireName.Of(m.From), ToStage = WireName.Of(m.To), ChangedAt = at,
            }));
            await InternalEvents.WriteAsync(db, c, tx, workspaceId, WorkQueues.LoyaltyLadder,
                moves.Select(m => (m.ContactId, (RapportEvent)new StageChanged(m.From, m.To))).ToList(), now);
            return moves;
        }, WriteEffect.Upkeep, ct);
    }

    /// <summary>The contacts whose stage under the ladder differs from their stored one, with both stages.</summary>
    private async Task<List<StageChange>> MovesAsync(
        DbConnection c, DbTransaction? tx, int workspaceId, LoyaltyLadder ladder, DateTimeOffset now, IReadOnlyCollection<long>? contacts)
    {
        var totals = new ContactTotals(db.Dialect);
        var sql = new SegmentSql(db.Dialect, _ => null, now, totals);
        var whens = ladder.Rules.OrderByDescending(r => r.Stage).Select(r => $"WHEN {sql.Compile(r.Condition)} THEN '{WireName.Of(r.Stage)}' ");
        var stage = ladder.Rules.Count == 0 ? "'suspect'" : $"CASE {string.Concat(whens)}ELSE 'suspect' END";
        var p = sql.Parameters;
        p.Add("@WorkspaceId", workspaceId);
        var listed = contacts is not null;
        if (listed)
        {
            p.Add("@Ids", db.List(contacts!));
        }

        var rows = await c.QueryAsync<(long ContactId, string From, string To)>(
            $"SELECT contact_id, from_stage, to_stage FROM (SELECT c.id AS contact_id, coalesce(s.stage, 'suspect') AS from_stage, {stage} AS to_stage " +
            $"FROM contact c{ContactTotals.RowOf(db.Dialect, "contact_stage", "s")}" +
            $"{totals.Joins(db.OfWorkspace("e", "contact_id", listed))} WHERE {db.OfWorkspace("c", "id", listed)}{(tx is null ? "" : db.KeyShare("c"))}) " +
            "AS staged WHERE from_stage <> to_stage ORDER BY contact_id", p, tx);
        return rows.Select(m => new StageChange(m.ContactId, Parse(m.From), Parse(m.To), now)).ToList();
    }

    public async Task<(LoyaltyStage Stage, DateTimeOffset? Since)> StageAsync(int workspaceId, long contactId, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<(string Stage, long Since)?>(
            db.Queries[Q.StageGet], new { WorkspaceId = workspaceId, ContactId = contactId }), ct);
        return row is { } r ? (Parse(r.Stage), UnixMs.ToTime(r.Since)) : (LoyaltyStage.Suspect, null);
    }

    public async Task<IReadOnlyList<StageChange>> HistoryAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<(long ContactId, string From, string To, long At)>(
            db.Queries[Q.StageHistory], new { WorkspaceId = workspaceId, ContactId = contactId }), ct))
        .Select(r => new StageChange(r.ContactId, Parse(r.From), Parse(r.To), UnixMs.ToTime(r.At))).ToList();

    public async Task<IReadOnlyList<(LoyaltyStage Stage, int Contacts)>> StagesAsync(int workspaceId, CancellationToken ct)
    {
        var counts = (await db.ReadAsync(c => c.QueryAsync<(string Stage, long Contacts)>(db.Queries[Q.StagesCount], new { WorkspaceId = workspaceId }), ct))
            .ToDictionary(r => Parse(r.Stage), r => (int)r.Contacts);
        return Enum.GetValues<LoyaltyStage>().Select(s => (s, counts.GetValueOrDefault(s))).ToList();
    }

    public async Task<IReadOnlyList<StageFlow>> FlowsAsync(int workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<(string From, string To, long Contacts)>(
            db.Queries[Q.StageFlows], new { WorkspaceId = workspaceId, From = UnixMs.Of(from), To = UnixMs.Of(to) }), ct))
        .Select(r => new StageFlow(Parse(r.From), Parse(r.To), (int)r.Contacts)).ToList();

    private static LoyaltyStage Parse(string stage) =>
        WireName.TryParse<LoyaltyStage>(stage, out var s) ? s : throw new InvalidOperationException($"Unknown stage '{stage}' in the database.");

    private sealed class StageRow
    {
        public int WorkspaceId { get; init; }
        public long ContactId { get; init; }
        public string Stage { get; init; } = "";
        public long Since { get; init; }
    }

    private sealed class StageChangeRow
    {
        public int WorkspaceId { get; init; }
        public long ContactId { get; init; }
        public string FromStage { get; init; } = "";
        public string ToStage { get; init; } = "";
        public long ChangedAt { get; init; }
    }
}

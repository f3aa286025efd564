using Dapper;
using Rapport.Core.Ports;
using System.Globalization;

namespace Rapport.Storage.Stores;

public sealed class DeadLetterStore(Database db) : IDeadLetterStore
{
    public Task AddAsync(int workspaceId, IReadOnlyList<DeadLetter> letters, CancellationToken ct) =>
        letters.Count == 0
            ? Task.CompletedTask
            : db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.DeadLetterInsert], letters.Select(l => new
            {
                WorkspaceId = workspaceId,
                l.Source,
                l.Reason,
                l.Payload,
                ReceivedAt = UnixMs.Of(l.ReceivedAt),
            }), tx), WriteEffect.KeepsIdentities, ct);

    public async Task<Page<DeadLetter>> ListAsync(int workspaceId, long after, int limit, CancellationToken ct)
    {
        var rows = (await db.ReadAsync(c => c.QueryAsync<Row>(db.Queries[Q.DeadLettersList],
            new { WorkspaceId = workspaceId, After = after, Limit = limit + 1 }), ct)).ToList();
        var items = rows.Take(limit).Select(r => new DeadLetter(r.Id, r.Source, r.Reason, r.Payload, UnixMs.ToTime(r.ReceivedAt))).ToList();
        return new Page<DeadLetter>(items, rows.Count > limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string Source { get; init; } = "";
        public string Reason { get; init; } = "";
        public string Payload { get; init; } = "";
        public long ReceivedAt { get; init; }
    }
}

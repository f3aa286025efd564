using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Core.Value;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>Stored customer values (contact_value), and the purchase events they are computed from.</summary>
public sealed class ValueStore(Database db) : IValueStore
{
    public async IAsyncEnumerable<(long ContactId, EventFact Event)> PurchasesAsync(
        int workspaceId, IReadOnlyCollection<long>? contacts, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = contacts is null
            ? connection.QueryUnbufferedAsync<PurchaseRow>(db.Queries[Q.ValuePurchases], new { WorkspaceId = workspaceId })
            : connection.QueryUnbufferedAsync<PurchaseRow>(db.Queries[Q.ValuePurchasesOf], new { WorkspaceId = workspaceId, Contacts = db.List(contacts) });
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return (row.ContactId, new EventFact(row.Name, UnixMs.ToTime(row.Timestamp), JsonNode.Parse(row.Properties) as JsonObject ?? []));
        }
    }

    public Task WriteAsync(int workspaceId, IReadOnlyCollection<long>? contacts, IReadOnlyList<ContactValue> values, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (contacts is null)
            {
                await c.ExecuteAsync(db.Queries[Q.ValueDeleteAll], new { WorkspaceId = workspaceId }, tx);
            }
            else if (contacts.Count > 0)
            {
                await c.ExecuteAsync(db.Queries[Q.ValueDeleteOf], new { WorkspaceId = workspaceId, Contacts = db.List(contacts) }, tx);
            }

            await WorkItems.RecordAsync(db, c, tx, workspaceId,
                new ContactsChanged(contacts?.ToList() ?? [], Value: true, Everyone: contacts is null, From: WorkQueues.CustomerValue), now);
            return await BulkRows.WriteAsync(db, c, tx, Q.ValueInsertMany, values.Select(v => ValueRow.From(workspaceId, v, now)));
        }, WriteEffect.Upkeep, ct);

    public async Task<ContactValue?> GetAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<ValueRow>(db.Queries[Q.ValueGet], new { WorkspaceId = workspaceId, ContactId = contactId }), ct))
        ?.ToContactValue();

    public async Task<IReadOnlyList<(ValueGroup? Group, int Contacts)>> GroupsAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<(string? Group, long Contacts)>(db.Queries[Q.ValueGroups], new { WorkspaceId = workspaceId }), ct))
        .Select(r => (r.Group is null ? (ValueGroup?)null : WireName.TryParse<ValueGroup>(r.Group, out var g) ? g : null, (int)r.Contacts)).ToList();

    private sealed class PurchaseRow
    {
        public long ContactId { get; init; }
        public string Name { get; init; } = "";
        public long Timestamp { get; init; }
        public string Properties { get; init; } = "{}";
    }
}

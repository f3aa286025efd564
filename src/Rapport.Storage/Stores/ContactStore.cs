using System.Data.Common;
using System.Globalization;
using Dapper;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

public sealed class ContactStore(Database db) : IContactStore
{
    public Task<Contact?> AddAsync(int workspaceId, Contact contact, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await Identities.LockAsync(db, c, tx, workspaceId, [contact.ExternalId]);
            if (await ExternalIdOwnerAsync(c, tx, workspaceId, contact.ExternalId) is not null)
            {
                return null;
            }

            var id = (await ContactIds.ReserveAsync(db, c, tx, 1))[0];
            var added = AsStored(workspaceId, ContactIds.Assign(contact, id));
            await BulkRows.WriteAsync(db, c, tx, Q.ContactsInsertMany, [ContactRow.From(workspaceId, added)]);
            await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.ProfileOf([id]), added.UpdatedAt);
            return added;
        }, ct);

    public Task<Contact?> UpdateAsync(int workspaceId, Contact contact, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await Identities.LockAsync(db, c, tx, workspaceId, [contact.ExternalId]);
            var owner = await ExternalIdOwnerAsync(c, tx, workspaceId, contact.ExternalId);
            if (owner is not null && owner != contact.Id)
            {
                return null;
            }

            var before = await c.QuerySingleOrDefaultAsync<ContactRow>(db.Queries[Q.ContactGet], new { WorkspaceId = workspaceId, contact.Id }, tx);
            await BulkRows.WriteAsync(db, c, tx, Q.ContactsUpdateMany, [ContactRow.From(workspaceId, contact)]);
            await Identities.KeepFormerUserIdAsync(db, c, tx, workspaceId, before?.ExternalId, contact);
            await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.ProfileOf([contact.Id]), contact.UpdatedAt);
            return AsStored(workspaceId, contact);
        }, ct);

    /// <summary>The contact as a read will return it (times to the millisecond).</summary>
    private static Contact AsStored(int workspaceId, Contact contact) => ContactRow.From(workspaceId, contact).ToContact();

    public async Task<Contact?> GetAsync(int workspaceId, long id, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<ContactRow>(
            db.Queries[Q.ContactGet], new { WorkspaceId = workspaceId, Id = id }), ct))?.ToContact();

    public async Task<Page<Contact>> FindAsync(int workspaceId, ContactKey key, string value, CancellationToken ct)
    {
        var query = key switch
        {
            ContactKey.ExternalId => Q.ContactsByExternalId,
            ContactKey.Email => Q.ContactsByEmail,
            ContactKey.Phone => Q.ContactsByPhone,
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        var rows = await db.ReadAsync(c => c.QueryAsync<ContactRow>(
            db.Queries[query], new { WorkspaceId = workspaceId, Value = value }), ct);
        return new Page<Contact>(rows.Select(r => r.ToContact()).ToList(), null);
    }

    public async Task<Page<Contact>> SearchAsync(int workspaceId, string? text, long after, int limit, CancellationToken ct)
    {
        var prefix = string.IsNullOrWhiteSpace(text) ? null : EscapeLike(text.Trim()) + "%";
        var rows = (await db.ReadAsync(c => c.QueryAsync<ContactRow>(db.Queries[Q.ContactsSearch],
            new { WorkspaceId = workspaceId, Prefix = prefix, After = after, Limit = limit + 1 }), ct)).ToList();
        var items = rows.Take(limit).Select(r => r.ToContact()).ToList();
        var next = rows.Count > limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return new Page<Contact>(items, next);
    }

    public Task<bool> DeleteAsync(int workspaceId, long id, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var key = new { WorkspaceId = workspaceId, Id = id };
            await ContactLocks.TakeAsync(db, c, tx, workspaceId, id);
            await c.ExecuteAsync(db.Queries[Q.ContactDeleteIdentities], key, tx);
            await c.ExecuteAsync(db.Queries[Q.ContactDeleteEvents], key, tx);
            await JourneyInstances.ForgetWebhooksAsync(db, c, tx, workspaceId, id);
            await c.ExecuteAsync(db.Queries[Q.ContactDeleteDerived], key, tx);
            await c.ExecuteAsync(db.Queries[Q.MessagesSuppressOfContact], new { WorkspaceId = workspaceId, Id = id, Reason = "the contact was deleted" }, tx);
            return await c.ExecuteAsync(db.Queries[Q.ContactDelete], key, tx) > 0;
        }, ct);

    private Task<long?> ExternalIdOwnerAsync(DbConnection c, DbTransaction tx, int workspaceId, string? externalId) =>
        externalId is null
            ? Task.FromResult<long?>(null)
            : c.QueryFirstOrDefaultAsync<long?>(db.Queries[Q.UserIdOwner], new { WorkspaceId = workspaceId, Value = externalId }, tx);

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}

using Dapper;
using Rapport.Core.Contacts;
using Rapport.Core.Identity;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>
/// Upserts a batch of imported rows in one transaction, with a handful of statements whatever its size.
/// A row matches the contact with its external id; without one (or when none has it yet), the contact
/// with its e-mail, else its phone, that no other external id claims. Unmatched rows become new contacts.
/// </summary>
public sealed class ContactImportStore(Database db) : IContactImportStore
{
    public Task<ImportBatchSummary> UpsertAsync(int workspaceId, IReadOnlyList<ContactChanges> rows, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await Identities.LockAsync(db, c, tx, workspaceId, rows.Select(r => r.ExternalId.Or(null)));
            var known = new KnownContacts();
            var userIds = rows.Select(r => r.ExternalId.Or(null)).OfType<string>().Distinct().ToList();
            var owners = await Identities.FindAsync(db, c, tx, workspaceId, Q.UserIdsFind, userIds);
            async Task LoadAsync<T>(string query, IEnumerable<T?> values)
            {
                var list = values.OfType<T>().Distinct().ToList();
                if (list.Count > 0)
                {
                    var found = await c.QueryAsync<ContactRow>(db.Queries[query], new { WorkspaceId = workspaceId, Values = db.List(list) }, tx);
                    known.AddRange(found.Select(r => r.ToContact()));
                }
            }

            await LoadAsync(Q.ContactsByIds, owners.Values.Select(o => (long?)o.Id));
            await LoadAsync(Q.ContactsByEmails, rows.Select(r => r.Email.Or(null)?.ToLowerInvariant()));
            await LoadAsync(Q.ContactsByPhones, rows.Select(r => r.Phone.Or(null)));
            known.AddFormerUserIds(owners);

            var created = new Dictionary<long, Contact>();
            var changed = new Dictionary<long, Contact>();
            foreach (var row in rows)
            {
                var contact = known.Match(row) is { } existing
                    ? (row with { ExternalId = Change<string?>.Keep }).ApplyTo(existing, now) // matched by its own or a former id
                    : row.ToNewContact(now) with { Id = -(created.Count + 1) }; // a stand-in id until the batch is written
                (contact.Id < 0 ? created : changed)[contact.Id] = contact;
                known.Add(contact);
            }

            var ids = await ContactIds.ReserveAsync(db, c, tx, created.Count);
            var newRows = created.Values.Select((contact, i) => ContactRow.From(workspaceId, ContactIds.Assign(contact, ids[i]))).ToList();
            var updatedRows = changed.Values.Select(contact => ContactRow.From(workspaceId, contact)).ToList();
            await WriteAsync(c, tx, Q.ContactsInsertMany, newRows);
            await WriteAsync(c, tx, Q.ContactsUpdateMany, updatedRows); // a match never changes an external id it had
            await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.ProfileOf(ids.Concat(changed.Keys).ToList()), now);
            return new ImportBatchSummary(created.Count, rows.Count - created.Count);
        }, ct);

    private Task WriteAsync<T>(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string query, IEnumerable<T> rows) =>
        BulkRows.WriteAsync(db, c, tx, query, rows);

    /// <summary>The contacts a batch may touch, by each key; the latest version of each wins.</summary>
    private sealed class KnownContacts
    {
        private readonly Dictionary<string, Contact> _byExternalId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _byFormerUserId = new(StringComparer.Ordinal);
        private readonly Dictionary<long, Contact> _byId = [];
        private readonly Dictionary<string, Contact> _byEmail = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Contact> _byPhone = new(StringComparer.Ordinal);

        public Contact? Match(ContactChanges row)
        {
            var externalId = row.ExternalId.Or(null);
            if (externalId is not null && _byExternalId.TryGetValue(externalId, out var byId))
            {
                return byId;
            }

            if (externalId is not null && _byFormerUserId.TryGetValue(externalId, out var formerOwner))
            {
                return _byId[formerOwner];
            }

            bool Free(Contact c) => c.ExternalId is null || c.ExternalId == externalId;
            if (row.Email.Or(null) is { } email && _byEmail.TryGetValue(email, out var byEmail) && Free(byEmail))
            {
                return byEmail;
            }

            return row.Phone.Or(null) is { } phone && _byPhone.TryGetValue(phone, out var byPhone) && Free(byPhone) ? byPhone : null;
        }

        public void AddRange(IEnumerable<Contact> contacts)
        {
            foreach (var contact in contacts)
            {
                Add(contact);
            }
        }

        /// <summary>User ids that contacts had before a rename or a merge still match them.</summary>
        public void AddFormerUserIds(Dictionary<string, KnownContact> owners)
        {
            foreach (var (userId, owner) in owners.Where(o => o.Value.ExternalId != o.Key))
            {
                _byFormerUserId[userId] = owner.Id;
            }
        }

        /// <summary>Remembers a contact under its keys; an e-mail or phone shared by several keeps its first owner.</summary>
        public void Add(Contact contact)
        {
            _byId[contact.Id] = contact;
            if (contact.ExternalId is not null)
            {
                _byExternalId[contact.ExternalId] = contact;
            }

            Keep(_byEmail, contact.Email, contact);
            Keep(_byPhone, contact.Phone, contact);
        }

        private static void Keep(Dictionary<string, Contact> index, string? key, Contact contact)
        {
            if (key is not null && (!index.TryGetValue(key, out var owner) || owner.Id == contact.Id))
            {
                index[key] = contact;
            }
        }
    }
}

using System.Data.Common;
using Dapper;
using Rapport.Core.Contacts;
using Rapport.Core.Identity;

namespace Rapport.Storage.Stores;

/// <summary>
/// The identifiers a contact is known by besides its external id (contact_identity): anonymous ids,
/// and former external ids.
/// </summary>
internal static class Identities
{
    /// <summary>
    /// The contacts the given identifiers point at, by identifier (query: user-ids-find or anonymous-ids-find);
    /// on SQLite, those the writer knows (<see cref="KnownIdentities"/>) are not looked up again.
    /// </summary>
    public static async Task<Dictionary<string, KnownContact>> FindAsync(
        Database db, DbConnection c, DbTransaction tx, int workspaceId, string query, IReadOnlyCollection<string> values)
    {
        var found = new Dictionary<string, KnownContact>(StringComparer.Ordinal);
        var known = db.KnownIdentities;
        var unknown = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (known is not null && known.TryGet(workspaceId, query, value, out var contact))
            {
                found[value] = contact;
            }
            else
            {
                unknown.Add(value);
            }
        }

        if (unknown.Count > 0)
        {
            var rows = await c.QueryAsync<FoundIdentity>(db.Queries[query], new { WorkspaceId = workspaceId, Values = db.List(unknown) }, tx);
            var answers = new Dictionary<string, KnownContact>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                answers[row.Value] = new KnownContact(row.Id, row.ExternalId); // of two rows for one identifier, the last one counts
            }

            foreach (var (value, contact) in answers)
            {
                found[value] = contact;
                known?.Remember(workspaceId, query, value, contact);
            }
        }

        return found;
    }

    public const string UserKind = "user";
    public const string AnonymousKind = "anonymous";

    /// <summary>A contact's former external id keeps pointing at it, so events sent with the old id still find it.</summary>
    public static Task KeepFormerUserIdAsync(
        Database db, DbConnection c, DbTransaction tx, int workspaceId, string? former, Contact contact) =>
        former is null || former == contact.ExternalId
            ? Task.CompletedTask
            : BulkRows.WriteAsync(db, c, tx, Q.IdentitiesInsertMany, [new IdentityRow
            {
                WorkspaceId = workspaceId, Kind = UserKind, Value = former, ContactId = contact.Id, CreatedAt = UnixMs.Of(contact.UpdatedAt),
            }]);

    /// <summary>
    /// Makes concurrent writers that touch the same identifiers wait for each other (see identities-lock).
    /// Returns whether it locked any (never on SQLite, which runs one write transaction at a time).
    /// </summary>
    public static async Task<bool> LockAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, IEnumerable<string?> keys)
    {
        if (db.Dialect == Dialect.Sqlite)
        {
            return false;
        }

        var list = keys.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (list.Length > 0)
        {
            await c.ExecuteScalarAsync(db.Queries[Q.IdentitiesLock], new { WorkspaceId = workspaceId, Keys = db.List(list) }, tx);
        }

        return list.Length > 0;
    }

    private sealed class FoundIdentity
    {
        public string Value { get; init; } = "";
        public long Id { get; init; }
        public string? ExternalId { get; init; }
    }
}

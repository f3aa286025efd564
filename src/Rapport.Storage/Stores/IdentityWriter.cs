using System.Data.Common;
using Dapper;
using Rapport.Core.Contacts;

namespace Rapport.Storage.Stores;

/// <summary>Records the identifiers a contact is known by (contact_identity).</summary>
internal static class IdentityWriter
{
    public const string UserKind = "user";
    public const string AnonymousKind = "anonymous";

    /// <summary>Its external id, once given, keeps pointing at the contact even if the id changes later.</summary>
    public static Task AddUserIdAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, Contact contact) =>
        contact.ExternalId is null
            ? Task.CompletedTask
            : BulkRows.WriteAsync(db, c, tx, Q.IdentitiesInsertMany, [new IdentityRow
            {
                WorkspaceId = workspaceId, Kind = UserKind, Value = contact.ExternalId, ContactId = contact.Id, CreatedAt = UnixMs.Of(contact.UpdatedAt),
            }]);

    /// <summary>Makes concurrent writers that touch the same identifiers wait for each other (see identities-lock).</summary>
    public static Task LockAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, IEnumerable<string?> keys)
    {
        var list = keys.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return list.Length == 0
            ? Task.CompletedTask
            : c.ExecuteScalarAsync(db.Queries[Q.IdentitiesLock], new { WorkspaceId = workspaceId, Keys = db.List(list) }, tx);
    }
}

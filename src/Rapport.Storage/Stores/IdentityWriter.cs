using System.Data.Common;
using Dapper;
using Rapport.Core.Contacts;

namespace Rapport.Storage.Stores;

/// <summary>
/// The identifiers a contact is known by besides its external id (contact_identity): anonymous ids,
/// and former external ids.
/// </summary>
internal static class IdentityWriter
{
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

    /// <summary>Makes concurrent writers that touch the same identifiers wait for each other (see identities-lock).</summary>
    public static Task LockAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, IEnumerable<string?> keys)
    {
        var list = keys.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return list.Length == 0
            ? Task.CompletedTask
            : c.ExecuteScalarAsync(db.Queries[Q.IdentitiesLock], new { WorkspaceId = workspaceId, Keys = db.List(list) }, tx);
    }
}

using System.Data.Common;
using Dapper;

namespace Rapport.Storage.Stores;

/// <summary>
/// Row locks that keep a contact from vanishing under a writer that attaches something to them, on PostgreSQL,
/// where writers run side by side. SQLite runs one write transaction at a time: nothing to lock there.
/// </summary>
internal static class ContactLocks
{
    /// <summary>
    /// Taken before a contact is merged away, erased or deleted, ahead of moving or deleting what is theirs.
    /// Returns false if the contact is gone.
    /// </summary>
    public static async Task<bool> TakeAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, long id) =>
        db.Dialect == Dialect.Sqlite
        || await c.ExecuteScalarAsync<long?>(db.Queries[Q.ContactLock], new { WorkspaceId = workspaceId, Id = id }, tx) is not null;

    /// <summary>
    /// Taken before something is attached to a contact that must not outlive them (a journey's instance and steps), in
    /// the same order as a deletion takes it: on SQLite too, it answers whether the contact is there. False if they are gone.
    /// </summary>
    public static async Task<bool> TakeExistingAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, long id) =>
        await c.ExecuteScalarAsync<long?>(db.Queries[Q.ContactLock], new { WorkspaceId = workspaceId, Id = id }, tx) is not null;

    /// <summary>
    /// Keeps the contacts a batch attaches events, identities or traits to until it commits, so that none is
    /// merged away, erased or deleted meanwhile (see contact-lock). Returns those that are gone already.
    /// </summary>
    public static async Task<IReadOnlyCollection<long>> HoldAsync(
        Database db, DbConnection c, DbTransaction tx, int workspaceId, IReadOnlyCollection<long> ids)
    {
        if (db.Dialect == Dialect.Sqlite || ids.Count == 0)
        {
            return [];
        }

        var held = (await c.QueryAsync<long>(db.Queries[Q.ContactsHold], new { WorkspaceId = workspaceId, Ids = db.List(ids) }, tx)).ToHashSet();
        return ids.Where(id => !held.Contains(id)).ToList();
    }
}

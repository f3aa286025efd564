using System.Data.Common;
using Dapper;
using Rapport.Core.Contacts;

namespace Rapport.Storage.Stores;

/// <summary>
/// Ids for new contacts, taken inside the write transaction that inserts them (query: contact-ids-next), and never
/// one a contact had before: PostgreSQL's identity only counts up, SQLite's high-water mark (migration 0008) too.
/// </summary>
internal static class ContactIds
{
    public static async Task<IReadOnlyList<long>> ReserveAsync(Database db, DbConnection c, DbTransaction tx, int count)
    {
        if (count == 0)
        {
            return [];
        }

        if (db.Dialect == Dialect.Sqlite)
        {
            // The first id of the range taken: SQLite's write lock keeps the range this transaction's until it commits.
            var first = await c.ExecuteScalarAsync<long>(db.Queries[Q.ContactIdsNext], new { Count = count }, tx);
            return Enumerable.Range(0, count).Select(i => first + i).ToList();
        }

        return (await c.QueryAsync<long>(db.Queries[Q.ContactIdsNext], new { Count = count }, tx)).ToList();
    }

    /// <summary>
    /// The new contact with its id and its link nonce, which its signed links carry. Not secret (a link is signed),
    /// only never the same twice in practice: a fast generator does, and a bulk import or ingest does not notice it.
    /// </summary>
    public static Contact Assign(Contact contact, long id) => contact with { Id = id, LinkNonce = Random.Shared.NextInt64(1, long.MaxValue) };
}

using System.Data.Common;
using Dapper;

namespace Rapport.Storage.Stores;

/// <summary>Ids for new contacts, taken inside the write transaction that inserts them (query: contact-ids-next).</summary>
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
            // The first free id, and the ones after it: SQLite's write lock keeps them free until this transaction commits.
            var first = await c.ExecuteScalarAsync<long>(db.Queries[Q.ContactIdsNext], transaction: tx);
            return Enumerable.Range(0, count).Select(i => first + i).ToList();
        }

        return (await c.QueryAsync<long>(db.Queries[Q.ContactIdsNext], new { Count = count }, tx)).ToList();
    }
}

using System.Data.Common;
using Dapper;
using Rapport.Core.Identity;

namespace Rapport.Storage;

/// <summary>
/// On SQLite, what the tracking identifiers (user ids, anonymous ids) were last found to point at, so ingest
/// does not look up again the people it saw a moment ago: a look-up costs about 4–10 µs an identifier, an
/// eighth of what storing an event costs. It holds only what the database answered, and the user id of each
/// contact ingest creates (what the database will answer once the write commits), and forgets it
/// <list type="bullet">
/// <item>all, when another connection or process has written (PRAGMA data_version, checked at the start of every write),</item>
/// <item>all, after a write that may change who is who (<see cref="WriteEffect.MayChangeIdentities"/>) or that failed,</item>
/// <item>all, when ingest merges a contact away: its id may be given to the next new contact (ids are the highest plus one);</item>
/// <item>a contact, when ingest gives them another user id; an identifier, when ingest links it.</item>
/// </list>
/// Used only by the writer, while it holds the write lock.
/// </summary>
internal sealed class KnownIdentities
{
    /// <summary>Beyond this many identifiers it starts again empty (about 20 MB).</summary>
    private const int Capacity = 200_000;

    private readonly Dictionary<(int Workspace, string Query, string Value), long> _contactOf = [];
    private readonly Dictionary<long, string?> _externalIdOf = [];
    private long _dataVersion = -1;

    private static readonly string[] Queries = [Q.UserIdsFind, Q.AnonymousIdsFind];

    /// <summary>Forgets everything if anyone but this connection has written since it last looked.</summary>
    public async Task CheckAsync(DbConnection writer, DbTransaction tx)
    {
        var version = await writer.ExecuteScalarAsync<long>("PRAGMA data_version;", transaction: tx);
        if (version != _dataVersion)
        {
            Clear();
            _dataVersion = version;
        }
    }

    /// <param name="query">The look-up that found it (user-ids-find, anonymous-ids-find): each has its own answers.</param>
    public bool TryGet(int workspaceId, string query, string value, out KnownContact known)
    {
        known = null!;
        if (!_contactOf.TryGetValue((workspaceId, query, value), out var id) || !_externalIdOf.TryGetValue(id, out var externalId))
        {
            return false;
        }

        known = new KnownContact(id, externalId);
        return true;
    }

    /// <summary>Keeps what the database answered to <paramref name="query"/> for <paramref name="value"/>.</summary>
    public void Remember(int workspaceId, string query, string value, KnownContact known)
    {
        if (_contactOf.Count >= Capacity)
        {
            Clear();
        }

        _contactOf[(workspaceId, query, value)] = known.Id;
        _externalIdOf[known.Id] = known.ExternalId;
    }

    /// <summary>The contact's user id changed: every identifier of theirs is looked up again (they keep their id).</summary>
    public void ForgetContact(long contactId) => _externalIdOf.Remove(contactId);

    /// <summary>The identifier was linked to a contact: it is looked up again, by every look-up.</summary>
    public void ForgetValue(int workspaceId, string value)
    {
        foreach (var query in Queries)
        {
            _contactOf.Remove((workspaceId, query, value));
        }
    }

    public void Clear()
    {
        _contactOf.Clear();
        _externalIdOf.Clear();
    }
}

/// <summary>What a write may do to who is who: the identifiers that find contacts (see <see cref="KnownIdentities"/>).</summary>
internal enum WriteEffect
{
    /// <summary>It may make, change, merge or delete contacts or their identifiers: whatever was known is looked up again.</summary>
    MayChangeIdentities,

    /// <summary>It changes no identifier (outbox, dead letters), or keeps <see cref="KnownIdentities"/> right itself (ingest).</summary>
    KeepsIdentities,

    /// <summary>
    /// It changes no identifier and writes only what stored work derives again: a worker's claims and completions, and
    /// what the upkeep keeps (value, ladder, membership). It commits without waiting for the disk (SQLite: synchronous
    /// NORMAL for that transaction; PostgreSQL: synchronous_commit off). A power loss may undo the last of these
    /// commits, always in order and never a durable commit after them; the work items that caused them are then still
    /// waiting, because their completion came later, and the work is done again.
    /// </summary>
    Upkeep,

    /// <summary>
    /// It records what a channel answered on messages (sent, deferred, failed, with their timeline events) and changes no
    /// identifier. It commits without waiting for the disk, as <see cref="Upkeep"/> does: a power loss may undo the last of
    /// these commits, in order, and those messages are then found sending, which the crash rule resolves as for a server
    /// that stopped while sending them (Rapport:Outbox:ResendAfterCrash). A crash of the process loses none of them.
    /// </summary>
    ChannelAnswer,
}

internal static class WriteEffects
{
    /// <summary>Whether the commit waits for the disk (it does, unless the write is one the work or the crash rule can redo).</summary>
    public static bool WaitsForDisk(this WriteEffect effect) => effect is not (WriteEffect.Upkeep or WriteEffect.ChannelAnswer);
}

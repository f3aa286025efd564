using Rapport.Core.Consent;
using Rapport.Core.Events;

namespace Rapport.Storage.Stores;

/// <summary>
/// How ingest batches on PostgreSQL, which run side by side, keep out of each other's way: a batch takes
/// identifier locks only for the messages that may change who is who, and holds the contacts the others
/// attach to, so none is merged away or deleted under it (see contact-lock and contacts-hold).
/// </summary>
internal sealed partial class IngestBatch
{
    /// <summary>
    /// Waits for the writers that may change who the messages that change someone are about (identifier locks),
    /// and holds the contacts of the others.
    /// </summary>
    private async Task TakeTurnsAsync(List<TrackingMessage> batch)
    {
        var mayChange = batch.Where(MayChangeIdentities).ToHashSet();
        if (await Identities.LockAsync(db, c, tx, workspaceId, mayChange.SelectMany(m => new[] { m.UserId, m.AnonymousId, m.PreviousId })))
        {
            await FindAsync(batch); // another writer may have made, linked or merged them while this one waited
        }

        await HoldKnownAsync(batch.Where(m => !mayChange.Contains(m)).ToList(), batch);
    }

    /// <summary>
    /// Holds the contacts of the messages that change no one, which took no identifier lock. A contact merged
    /// or deleted meanwhile is looked up again: the writer that took it has committed by the time it is missed.
    /// </summary>
    private async Task HoldKnownAsync(List<TrackingMessage> known, List<TrackingMessage> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (known.Any(MayChangeIdentities))
            {
                throw new LostRaceException("Another writer changed who some messages of this batch are about.");
            }

            var contacts = known.Select(m => Decide(m).ContactId!.Value).ToHashSet();
            var gone = await ContactLocks.HoldAsync(db, c, tx, workspaceId, contacts);
            _held.UnionWith(contacts.Except(gone));
            if (gone.Count == 0)
            {
                return;
            }

            if (attempt == MaxLookups)
            {
                throw new LostRaceException($"Contacts of this batch were merged or deleted {MaxLookups} times while it was written.");
            }

            await FindAsync(batch);
        }
    }

    private const int MaxLookups = 5;

    /// <summary>
    /// Whether storing the message may make, link or merge a contact, or record consent: anything but a
    /// message for the one contact its identifiers already find. Writers doing that for the same identifiers
    /// take turns; a message for a known contact only holds the contact (<see cref="HoldKnownAsync"/>). An
    /// identify of a known contact changes only their profile, which is row-locked when it is read (contacts-by-ids).
    /// </summary>
    private bool MayChangeIdentities(TrackingMessage m)
    {
        if (m.Type == MessageType.Alias || ConsentEvents.Changes(m))
        {
            return true;
        }

        var decision = Decide(m);
        return decision.ContactId is null || decision.AbsorbId is not null || decision.TakeUserId || decision.LinkSecondId;
    }
}

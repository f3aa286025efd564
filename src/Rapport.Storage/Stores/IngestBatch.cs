using System.Data.Common;
using Dapper;
using Rapport.Core.Contacts;
using Rapport.Core.Events;
using Rapport.Core.Identity;

namespace Rapport.Storage.Stores;

/// <summary>
/// The work of one ingest transaction: skip what is stored, resolve every message to a contact
/// (creating, linking and merging contacts as <see cref="IdentityResolution"/> decides), apply identify
/// traits, then write contacts, identities and events with one statement each. A batch costs about ten
/// statements whatever its size. On PostgreSQL, batches run side by side: they take turns only on the
/// identifiers whose contacts they may change, and hold the contacts they attach to.
/// </summary>
internal sealed partial class IngestBatch(
    Database db, ContactRules rules, DbConnection c, DbTransaction tx, int workspaceId, DateTimeOffset now)
{
    private Dictionary<string, KnownContact> _byUserId = [];
    private Dictionary<string, KnownContact> _byAnonymousId = [];
    private readonly Dictionary<long, Contact> _contacts = [];
    private readonly Dictionary<long, ContactRow> _stored = [];
    private readonly HashSet<long> _changed = [];
    private readonly List<long> _created = [];
    private readonly Queue<long> _freeIds = new();
    private readonly List<IdentityRow> _identities = [];
    private readonly List<EventRow> _events = [];
    private readonly HashSet<long> _survivors = [];
    private readonly HashSet<long> _held = [];

    /// <summary>
    /// Looks up the identifiers of the batch and, on PostgreSQL, takes turns with other writers where it must
    /// (<see cref="TakeTurnsAsync"/>). Leaves out the
    /// messages already stored, loads the profiles identify and alias messages will change, and reserves an id
    /// for each contact the batch may create. Returns the messages to store.
    /// </summary>
    public async Task<List<TrackingMessage>> BeginAsync(List<TrackingMessage> batch)
    {
        await FindAsync(batch);
        if (db.Dialect == Dialect.Postgres)
        {
            await TakeTurnsAsync(batch); // SQLite runs one write transaction at a time: no one to take turns with
        }

        var ids = batch.Select(m => m.MessageId).ToList();
        var stored = (await c.QueryAsync<string>(
            db.Queries[Q.EventsExisting], new { WorkspaceId = workspaceId, MessageIds = db.List(ids) }, tx)).ToHashSet(StringComparer.Ordinal);
        var messages = batch.Where(m => !stored.Contains(m.MessageId)).ToList();

        var touched = messages.Where(m => m.Type is MessageType.Identify or MessageType.Alias)
            .SelectMany(m => new[] { m.UserId, m.AnonymousId, m.PreviousId }).OfType<string>()
            .SelectMany(id => new[] { _byUserId.GetValueOrDefault(id), _byAnonymousId.GetValueOrDefault(id) })
            .OfType<KnownContact>().Select(k => k.Id).Distinct().ToList();
        await LoadAsync(touched);

        // Each new contact is made for an identifier seen for the first time, so these are enough.
        var mayCreate = messages.Select(m => m.UserId).OfType<string>().Distinct().Count(id => !_byUserId.ContainsKey(id))
                        + messages.SelectMany(m => new[] { m.AnonymousId, m.PreviousId }).OfType<string>().Distinct().Count(id => !_byAnonymousId.ContainsKey(id));
        foreach (var id in await ContactIds.ReserveAsync(db, c, tx, mayCreate))
        {
            _freeIds.Enqueue(id);
        }

        return messages;
    }

    private async Task FindAsync(List<TrackingMessage> batch)
    {
        var userOrPrevious = batch.SelectMany(m => new[] { m.UserId, m.PreviousId }).OfType<string>().Distinct().ToList();
        var secondIds = batch.SelectMany(m => new[] { m.AnonymousId, m.PreviousId }).OfType<string>().Distinct().ToList();
        _byUserId = await Identities.FindAsync(db, c, tx, workspaceId, Q.UserIdsFind, userOrPrevious);
        _byAnonymousId = await Identities.FindAsync(db, c, tx, workspaceId, Q.AnonymousIdsFind, secondIds);
    }

    private IdentityDecision Decide(TrackingMessage m)
    {
        var isAlias = m.Type == MessageType.Alias;
        var secondId = isAlias ? m.PreviousId : m.AnonymousId;
        var byUser = m.UserId is null ? null : _byUserId.GetValueOrDefault(m.UserId);
        var bySecond = secondId is null
            ? null
            : _byAnonymousId.GetValueOrDefault(secondId) ?? (isAlias ? _byUserId.GetValueOrDefault(secondId) : null);
        return IdentityResolution.Decide(m.UserId, byUser, secondId, bySecond, isAlias);
    }

    public async Task<long> ContactForAsync(TrackingMessage m)
    {
        var decision = Decide(m);
        var secondId = m.Type == MessageType.Alias ? m.PreviousId : m.AnonymousId;
        var id = decision.ContactId ?? Create(m.UserId);
        if (decision.AbsorbId is { } absorbed)
        {
            await MergeAsync(absorbed, id, m.MessageId);
        }

        if (decision.TakeUserId && m.UserId is not null)
        {
            var contact = await GetAsync(id);
            if (contact.ExternalId is { } former && former != m.UserId)
            {
                Link(Identities.UserKind, former, id); // an alias renames a user: the old id keeps finding them
            }

            Change(contact with { ExternalId = m.UserId, UpdatedAt = now });
            _byUserId[m.UserId] = new KnownContact(id, m.UserId);
        }

        if (decision.LinkSecondId && secondId is not null)
        {
            Link(Identities.AnonymousKind, secondId, id);
        }

        if (m.Type == MessageType.Identify)
        {
            Change(IdentifyTraits.Apply(await GetAsync(id), m, rules, now));
        }

        return id;
    }

    public void AddEvent(TrackingMessage m, long contactId, string source) => _events.Add(new EventRow
    {
        WorkspaceId = workspaceId,
        MessageId = m.MessageId,
        ContactId = contactId,
        Type = m.Type.Name(),
        Name = m.Name,
        Properties = m.PropertiesJson,
        Context = m.ContextJson,
        Timestamp = UnixMs.Of(m.Timestamp),
        ReceivedAt = UnixMs.Of(now),
        Source = source,
    });

    /// <summary>Every contact this batch wrote an event for.</summary>
    public IReadOnlyCollection<long> Contacts() => _events.Select(e => e.ContactId).ToHashSet();

    /// <summary>The contacts that absorbed another in this batch: their history changed (the absorbed contact's events are theirs now).</summary>
    public IReadOnlyCollection<long> Survivors() => _survivors.ToList();

    /// <summary>The contact a message of this batch was resolved to, after every merge in the batch.</summary>
    public long ContactOf(string messageId) => _events.First(e => e.MessageId == messageId).ContactId;

    /// <returns>How many events were stored (a message stored meanwhile by another batch is not counted).</returns>
    public async Task<int> FlushAsync()
    {
        var created = _created.ToHashSet();
        var attachedTo = _events.Select(e => e.ContactId).Concat(_identities.Select(i => i.ContactId)).Concat(_changed);
        var unheld = attachedTo.Where(id => !created.Contains(id) && !_held.Contains(id)).Distinct().ToList();
        if ((await ContactLocks.HoldAsync(db, c, tx, workspaceId, unheld)).Count > 0)
        {
            throw new LostRaceException("A contact this batch changes was merged or deleted by another writer meanwhile.");
        }
        await WriteAsync(Q.ContactsInsertMany, _created.Select(id => ContactRow.From(workspaceId, _contacts[id])));
        // Most identifies change only traits: their update leaves the identifier and e-mail indexes alone.
        var updated = _changed.Except(_created).Select(id => ContactRow.From(workspaceId, _contacts[id])).ToLookup(r => r.SameProfileAs(_stored[r.Id]));
        await WriteAsync(Q.ContactsUpdateMany, updated[false]);
        await WriteAsync(Q.ContactTraitsUpdateMany, updated[true]);
        await WriteAsync(Q.IdentitiesInsertMany, _identities);
        return await WriteAsync(Q.EventsInsertMany, _events); // in arrival order; a deadlock with a racing retry is retried
    }

    private long Create(string? userId)
    {
        var id = _freeIds.TryDequeue(out var free) ? free : throw new InvalidOperationException("No contact id was reserved.");
        _contacts[id] = ContactIds.Assign(new Contact(0, userId, null, null, null, null, null, [], DateTimeOffset.UnixEpoch, now, now), id);
        _created.Add(id);
        if (userId is not null)
        {
            _byUserId[userId] = new KnownContact(id, userId);
            db.KnownIdentities?.Remember(workspaceId, Q.UserIdsFind, userId, _byUserId[userId]); // their next event needs no look-up
        }

        return id;
    }

    /// <summary>Moves the absorbed contact's events, identities and journeys to the survivor and records the merge.</summary>
    private async Task MergeAsync(long absorbedId, long survivorId, string messageId)
    {
        if (!_created.Contains(absorbedId) && !await ContactLocks.TakeAsync(db, c, tx, workspaceId, absorbedId))
        {
            throw new LostRaceException("A contact to merge was merged or deleted by another writer meanwhile.");
        }

        var absorbed = await GetAsync(absorbedId);
        var merged = ContactMerge.Combine(await GetAsync(survivorId), absorbed, now);
        Change(merged);
        if (absorbed.ExternalId is { } absorbedUserId && absorbedUserId != merged.ExternalId)
        {
            Link(Identities.UserKind, absorbedUserId, survivorId); // the absorbed user id keeps finding the person
        }

        if (!_created.Remove(absorbedId))
        {
            var ids = new { WorkspaceId = workspaceId, AbsorbedId = absorbedId, SurvivorId = survivorId, Now = UnixMs.Of(now) };
            await c.ExecuteAsync(db.Queries[Q.IdentitiesMove], ids, tx);
            await c.ExecuteAsync(db.Queries[Q.EventsMove], ids, tx);
            await c.ExecuteAsync(db.Queries[Q.JourneyInstancesMove], ids, tx);
            await c.ExecuteAsync(db.Queries[Q.ContactDeleteDerived], new { WorkspaceId = workspaceId, Id = absorbedId }, tx);
            await c.ExecuteAsync(db.Queries[Q.ContactDelete], new { WorkspaceId = workspaceId, Id = absorbedId }, tx);
        }

        await c.ExecuteAsync(db.Queries[Q.MergeInsert], new
        {
            WorkspaceId = workspaceId,
            AbsorbedId = absorbedId,
            SurvivorId = survivorId,
            MessageId = messageId,
            Absorbed = System.Text.Json.JsonSerializer.Serialize(ContactRow.From(workspaceId, absorbed)),
            Now = UnixMs.Of(now),
        }, tx);

        db.KnownIdentities?.Clear(); // the absorbed contact's id may go to the next new contact
        _survivors.Add(survivorId);
        _contacts.Remove(absorbedId);
        _changed.Remove(absorbedId);
        _events.ForEach(e => e.ContactId = e.ContactId == absorbedId ? survivorId : e.ContactId);
        _identities.ForEach(i => i.ContactId = i.ContactId == absorbedId ? survivorId : i.ContactId);
        Repoint(_byUserId, absorbedId, survivorId);
        Repoint(_byAnonymousId, absorbedId, survivorId);
    }

    private void Link(string kind, string value, long contactId)
    {
        db.KnownIdentities?.ForgetValue(workspaceId, value);
        _identities.Add(new IdentityRow { WorkspaceId = workspaceId, Kind = kind, Value = value, ContactId = contactId, CreatedAt = UnixMs.Of(now) });
        var map = kind == Identities.UserKind ? _byUserId : _byAnonymousId;
        map[value] = new KnownContact(contactId, _contacts.GetValueOrDefault(contactId)?.ExternalId);
    }

    private void Change(Contact contact)
    {
        var externalIdChanged = _contacts.GetValueOrDefault(contact.Id)?.ExternalId != contact.ExternalId;
        _contacts[contact.Id] = contact;
        _changed.Add(contact.Id);
        if (externalIdChanged)
        {
            db.KnownIdentities?.ForgetContact(contact.Id);
            Repoint(_byUserId, contact.Id, contact.Id);
            Repoint(_byAnonymousId, contact.Id, contact.Id);
        }
    }

    /// <summary>Points the identifiers of one contact at another, carrying the target's current external id.</summary>
    private void Repoint(Dictionary<string, KnownContact> map, long from, long to)
    {
        var externalId = _contacts.GetValueOrDefault(to)?.ExternalId;
        foreach (var key in map.Where(e => e.Value.Id == from).Select(e => e.Key).ToList())
        {
            map[key] = new KnownContact(to, externalId ?? map[key].ExternalId);
        }
    }

    private async Task<Contact> GetAsync(long id)
    {
        if (!_contacts.ContainsKey(id))
        {
            await LoadAsync([id]);
        }

        // Found by an identifier, then deleted or erased by another writer before it was loaded: run again.
        return _contacts.GetValueOrDefault(id) ?? throw new LostRaceException($"Contact {id} was deleted while this batch was written.");
    }

    private async Task LoadAsync(List<long> ids)
    {
        var missing = ids.Where(id => !_contacts.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var rows = await c.QueryAsync<ContactRow>(db.Queries[Q.ContactsByIds], new { WorkspaceId = workspaceId, Values = db.List(missing) }, tx);
        foreach (var row in rows)
        {
            _contacts[row.Id] = row.ToContact();
            _stored[row.Id] = row;
        }
    }

    private Task<int> WriteAsync<T>(string query, IEnumerable<T> rows) => BulkRows.WriteAsync(db, c, tx, query, rows);
}

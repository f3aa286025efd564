using System.Data.Common;
using Dapper;
using Rapport.Core.Contacts;
using Rapport.Core.Events;
using Rapport.Core.Identity;

namespace Rapport.Storage.Stores;

/// <summary>
/// The work of one ingest transaction: skip what is stored, resolve every message to a contact
/// (creating, linking and merging contacts as <see cref="IdentityResolution"/> decides), apply identify
/// traits, then write the events. Lookups are made once per batch, not once per message.
/// </summary>
internal sealed class IngestBatch(
    Database db, ContactRules rules, DbConnection c, DbTransaction tx, int workspaceId, DateTimeOffset now)
{
    private readonly Dictionary<string, KnownContact> _byUserId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnownContact> _byAnonymousId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Contact> _contacts = [];
    private readonly HashSet<long> _changed = [];
    private readonly List<EventParameters> _events = [];

    public async Task<List<TrackingMessage>> WithoutStoredAsync(List<TrackingMessage> messages)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in messages.Select(m => m.MessageId).Chunk(1000))
        {
            stored.UnionWith(await c.QueryAsync<string>(
                db.Queries[Q.EventsExisting], new { WorkspaceId = workspaceId, MessageIds = db.List(chunk) }, tx));
        }

        return messages.Where(m => !stored.Contains(m.MessageId)).ToList();
    }

    /// <summary>Looks up every identifier of the batch, and the profiles that identify messages will change.</summary>
    public async Task ResolveAsync(List<TrackingMessage> messages)
    {
        var ids = messages.SelectMany(m => new[] { m.UserId, m.AnonymousId, m.PreviousId }).OfType<string>().Distinct().ToArray();
        await FindAsync(IdentityWriter.UserKind, ids, _byUserId);
        await FindAsync(IdentityWriter.AnonymousKind, ids, _byAnonymousId);
        var touched = messages.Where(m => m.Type is MessageType.Identify or MessageType.Alias)
            .SelectMany(m => new[] { m.UserId, m.AnonymousId, m.PreviousId }).OfType<string>()
            .SelectMany(id => new[] { _byUserId.GetValueOrDefault(id), _byAnonymousId.GetValueOrDefault(id) })
            .OfType<KnownContact>().Select(k => k.Id).Distinct().ToArray();
        await LoadAsync(touched);
    }

    public async Task<long> ContactForAsync(TrackingMessage m)
    {
        var isAlias = m.Type == MessageType.Alias;
        var secondId = isAlias ? m.PreviousId : m.AnonymousId;
        var byUser = m.UserId is null ? null : _byUserId.GetValueOrDefault(m.UserId);
        var bySecond = secondId is null
            ? null
            : _byAnonymousId.GetValueOrDefault(secondId) ?? (isAlias ? _byUserId.GetValueOrDefault(secondId) : null);
        var decision = IdentityResolution.Decide(m.UserId, byUser, secondId, bySecond, isAlias);

        var id = decision.ContactId ?? await CreateAsync(m.UserId);
        if (decision.AbsorbId is { } absorbed)
        {
            await MergeAsync(absorbed, id, m.MessageId);
        }

        if (decision.TakeUserId && m.UserId is not null)
        {
            var contact = await GetAsync(id);
            Change(contact with { ExternalId = m.UserId, UpdatedAt = now });
            await LinkAsync(IdentityWriter.UserKind, m.UserId, id);
        }

        if (decision.LinkSecondId && secondId is not null)
        {
            await LinkAsync(IdentityWriter.AnonymousKind, secondId, id);
        }

        if (m.Type == MessageType.Identify)
        {
            Change(IdentifyTraits.Apply(await GetAsync(id), m, rules, now));
        }

        return id;
    }

    public void AddEvent(TrackingMessage m, long contactId, string source) => _events.Add(new EventParameters
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

    public async Task FlushAsync()
    {
        var changed = _changed.Select(id => ContactRow.From(workspaceId, _contacts[id])).ToList();
        if (changed.Count > 0)
        {
            await c.ExecuteAsync(db.Queries[Q.ContactsUpdateMany], new { Rows = JsonRows.Of(changed) }, tx);
        }

        if (_events.Count > 0)
        {
            await c.ExecuteAsync(db.Queries[Q.EventsInsertMany], new { Rows = JsonRows.Of(_events) }, tx);
        }
    }

    private async Task<long> CreateAsync(string? userId)
    {
        var contact = new Contact(0, userId, null, null, null, null, null, [], DateTimeOffset.UnixEpoch, now, now);
        var id = await c.ExecuteScalarAsync<long>(db.Queries[Q.ContactInsert], ContactRow.From(workspaceId, contact), tx);
        _contacts[id] = contact with { Id = id };
        if (userId is not null)
        {
            await LinkAsync(IdentityWriter.UserKind, userId, id);
        }

        return id;
    }

    /// <summary>Moves the absorbed contact's events and identities to the survivor and records the merge.</summary>
    private async Task MergeAsync(long absorbedId, long survivorId, string messageId)
    {
        var absorbed = await GetAsync(absorbedId);
        Change(ContactMerge.Combine(await GetAsync(survivorId), absorbed, now));
        var ids = new { WorkspaceId = workspaceId, AbsorbedId = absorbedId, SurvivorId = survivorId };
        await c.ExecuteAsync(db.Queries[Q.IdentitiesMove], ids, tx);
        await c.ExecuteAsync(db.Queries[Q.EventsMove], ids, tx);
        await c.ExecuteAsync(db.Queries[Q.ContactDelete], new { WorkspaceId = workspaceId, Id = absorbedId }, tx);
        await c.ExecuteAsync(db.Queries[Q.MergeInsert], new
        {
            WorkspaceId = workspaceId,
            AbsorbedId = absorbedId,
            SurvivorId = survivorId,
            MessageId = messageId,
            Absorbed = System.Text.Json.JsonSerializer.Serialize(ContactRow.From(workspaceId, absorbed)),
            Now = UnixMs.Of(now),
        }, tx);

        _contacts.Remove(absorbedId);
        _changed.Remove(absorbedId);
        foreach (var pending in _events.Where(e => e.ContactId == absorbedId))
        {
            pending.ContactId = survivorId;
        }

        Repoint(_byUserId, absorbedId, survivorId);
        Repoint(_byAnonymousId, absorbedId, survivorId);
    }

    private async Task LinkAsync(string kind, string value, long contactId)
    {
        await IdentityWriter.AddAsync(db, c, tx, workspaceId, kind, value, contactId, now);
        var map = kind == IdentityWriter.UserKind ? _byUserId : _byAnonymousId;
        map[value] = new KnownContact(contactId, _contacts.GetValueOrDefault(contactId)?.ExternalId);
    }

    private void Change(Contact contact)
    {
        var externalIdChanged = _contacts.GetValueOrDefault(contact.Id)?.ExternalId != contact.ExternalId;
        _contacts[contact.Id] = contact;
        _changed.Add(contact.Id);
        if (externalIdChanged)
        {
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

        return _contacts[id];
    }

    private async Task LoadAsync(long[] ids)
    {
        foreach (var chunk in ids.Where(id => !_contacts.ContainsKey(id)).Chunk(1000))
        {
            var rows = await c.QueryAsync<ContactRow>(db.Queries[Q.ContactsByIds], new { WorkspaceId = workspaceId, Ids = db.List(chunk) }, tx);
            foreach (var row in rows)
            {
                _contacts[row.Id] = row.ToContact();
            }
        }
    }

    private async Task FindAsync(string kind, string[] values, Dictionary<string, KnownContact> into)
    {
        foreach (var chunk in values.Chunk(1000))
        {
            var rows = await c.QueryAsync<IdentityRow>(
                db.Queries[Q.IdentitiesFind], new { WorkspaceId = workspaceId, Kind = kind, Values = db.List(chunk) }, tx);
            foreach (var row in rows)
            {
                into[row.Value] = new KnownContact(row.Id, row.ExternalId);
            }
        }
    }

    /// <summary>An event waiting to be written; a merge later in the batch may still move it.</summary>
    private sealed class EventParameters
    {
        public int WorkspaceId { get; init; }
        public string MessageId { get; init; } = "";
        public long ContactId { get; set; }
        public string Type { get; init; } = "";
        public string? Name { get; init; }
        public string Properties { get; init; } = "{}";
        public string Context { get; init; } = "{}";
        public long Timestamp { get; init; }
        public long ReceivedAt { get; init; }
        public string Source { get; init; } = "";
    }

    private sealed class IdentityRow
    {
        public string Value { get; init; } = "";
        public long Id { get; init; }
        public string? ExternalId { get; init; }
    }
}

using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class PrivacyStore(Database db) : IPrivacyStore
{
    public async Task<IReadOnlyList<(string Kind, string Value)>> IdentitiesAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<(string, string)>(db.Queries[Q.IdentitiesByContact], new { WorkspaceId = workspaceId, Id = contactId }), ct))
        .ToList();

    public Task<bool> EraseAsync(int workspaceId, long contactId, string actor, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var key = new { WorkspaceId = workspaceId, Id = contactId };
            var contact = await ContactLocks.TakeAsync(db, c, tx, workspaceId, contactId)
                ? await c.QuerySingleOrDefaultAsync<ContactRow>(db.Queries[Q.ContactGet], key, tx)
                : null;
            if (contact is null)
            {
                return false;
            }

            if (contact.Email is { } email)
            {
                await SuppressionStore.AddAsync(db, c, tx, workspaceId, SuppressionKind.Email, email, SuppressionReason.Erased, now);
            }

            if (contact.Phone is { } phone)
            {
                await SuppressionStore.AddAsync(db, c, tx, workspaceId, SuppressionKind.Phone, phone, SuppressionReason.Erased, now);
            }

            var pseudonymised = new { WorkspaceId = workspaceId, Id = contactId, Pseudonym = -RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4096L };
            var identifiers = (await c.QueryAsync<(string, string)>(db.Queries[Q.IdentitiesByContact], key, tx)).Select(i => i.Item2)
                .Concat(new[] { contact.ExternalId, contact.Email, contact.Phone }.OfType<string>())
                .Where(value => value.Length >= 3) // a shorter one would match unrelated payloads
                .Distinct();
            foreach (var value in identifiers)
            {
                await c.ExecuteAsync(db.Queries[Q.EraseDeadLetters], new { WorkspaceId = workspaceId, Value = value }, tx);
            }

            var events = await c.ExecuteAsync(db.Queries[Q.ContactDeleteEvents], key, tx);
            await c.ExecuteAsync(db.Queries[Q.ContactDeleteIdentities], key, tx);
            await JourneyInstances.ForgetWebhooksAsync(db, c, tx, workspaceId, contactId);
            await c.ExecuteAsync(db.Queries[Q.ContactDeleteDerived], key, tx);
            await c.ExecuteAsync(db.Queries[Q.EraseMerges], key, tx);
            await c.ExecuteAsync(db.Queries[Q.EraseSubscriptions], key, tx);
            await c.ExecuteAsync(db.Queries[Q.MessagesSuppressOfContact], new { WorkspaceId = workspaceId, Id = contactId, Reason = "the person was erased" }, tx);
            var messages = await c.ExecuteAsync(db.Queries[Q.EraseMessages], pseudonymised, tx);
            var records = await c.ExecuteAsync(db.Queries[Q.EraseConsentEvidence], pseudonymised, tx);
            await c.ExecuteAsync(db.Queries[Q.ContactDelete], key, tx);
            await AuditAsync(c, tx, workspaceId, actor, "erase", contactId,
                JsonSerializer.Serialize(new { events, messages, consentRecords = records }), now);
            return true;
        }, ct);

    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(int workspaceId, long after, int limit, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<AuditRow>(db.Queries[Q.AuditList], new { WorkspaceId = workspaceId, After = after, Limit = limit }), ct))
        .Select(r => new AuditEntry(r.Id, r.Actor, r.Action, r.ContactId, r.Detail, UnixMs.ToTime(r.At))).ToList();

    public Task AuditAsync(int workspaceId, string actor, string action, long? contactId, string detail, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => AuditAsync(c, tx, workspaceId, actor, action, contactId, detail, now), ct);

    private Task<int> AuditAsync(DbConnection c, DbTransaction tx, int workspaceId, string actor, string action, long? contactId, string detail, DateTimeOffset now) =>
        c.ExecuteAsync(db.Queries[Q.AuditInsert], new
        {
            WorkspaceId = workspaceId, Actor = actor, Action = action, ContactId = contactId, Detail = detail, Now = UnixMs.Of(now),
        }, tx);

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public long? ContactId { get; init; }
        public string Detail { get; init; } = "";
        public long At { get; init; }
    }
}

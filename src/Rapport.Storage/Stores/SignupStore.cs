using System.Text.Json;
using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

public sealed class SignupStore(Database db) : ISignupStore
{
    public const string ConfirmationPurpose = MessagePurposes.Confirmation;

    public Task<SignupResult> SignUpAsync(
        int workspaceId, SignupRequest request, DateTimeOffset now, TimeSpan mailEvery, Func<Contact, EmailMessage> confirmation, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await Identities.LockAsync(db, c, tx, workspaceId, ["email:" + request.Email.ToLowerInvariant()]);
            var existing = await c.QueryFirstOrDefaultAsync<ContactRow>(
                db.Queries[Q.ContactsByEmail], new { WorkspaceId = workspaceId, Value = request.Email }, tx);
            var contact = existing?.ToContact() ?? ContactIds.Assign(
                new Contact(0, null, request.Email, null, null, request.Locale, null, [], now, now, now), (await ContactIds.ReserveAsync(db, c, tx, 1))[0]);
            var contactId = contact.Id;
            if (existing is null)
            {
                await BulkRows.WriteAsync(db, c, tx, Q.ContactsInsertMany, [ContactRow.From(workspaceId, contact)]);
                await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.ProfileOf([contactId]), now);
            }

            var changed = new List<Subscription>();
            foreach (var topic in request.Topics)
            {
                var grant = new ConsentRecord(contactId, topic, Channel.Email, ConsentAction.Grant, LegalBasis.Consent, request.Source,
                    request.Evidence, null, AwaitsConfirmation: true, null, null, now);
                changed.AddRange((await ConsentWriter.RecordAsync(db, c, tx, workspaceId, grant)).Changed);
            }

            var states = await c.QueryAsync<SubscriptionRow>(db.Queries[Q.SubscriptionsByContact], new { WorkspaceId = workspaceId, ContactId = contactId }, tx);
            long? messageId = null;
            if (states.Any(s => s.Status == "pending" && s.Channel == "email" && request.Topics.Contains(s.Topic)))
            {
                messageId = await c.QueryFirstOrDefaultAsync<long?>(db.Queries[Q.ConfirmationSince],
                    new { WorkspaceId = workspaceId, ContactId = contactId, request.Email, Since = UnixMs.Of(now - mailEvery) }, tx);
                if (messageId is null)
                {
                    var message = confirmation(contact);
                    messageId = await OutboxStore.QueueAsync(db, c, tx, workspaceId, contactId, Channel.Email, null, ConfirmationPurpose,
                        message.To, JsonSerializer.Serialize(message), now);
                }
            }

            return new SignupResult(contactId, existing is null, messageId, changed);
        }, ct);
}

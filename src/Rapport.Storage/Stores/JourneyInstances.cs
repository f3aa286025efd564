using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Events;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

/// <summary>
/// What a journey step writes besides its instance, in the step's transaction: its records, numbered on from the
/// instance's step count, the messages it requests, the changes its actions make to the contact, each recording
/// the work it causes as any other change of its kind does, and the webhooks its actions call, as work.
/// </summary>
internal static class JourneyInstances
{
    /// <summary>A step to write of <paramref name="Instance"/> (as the step left it, with its id), taken after <paramref name="StepsBefore"/> steps.</summary>
    public sealed record InstanceWrite(JourneyInstance Instance, int StepsBefore, Stepped Step, IReadOnlyList<JourneyMessage> Messages);

    /// <summary>
    /// Writes the records, messages and actions of each step of a batch, of its instance (as the step left it, with its id),
    /// taken after the instance's earlier steps: the records of all in one write, their messages in another, their events in
    /// a third. Messages carry the variant the contact has after the step, which a split on the way to the send gave them.
    /// </summary>
    public static async Task WriteManyAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, IReadOnlyList<InstanceWrite> writes,
        DateTimeOffset now)
    {
        var numbered = writes.Select(w => w.Step.Records.Select((r, i) => (Record: r, No: w.StepsBefore + 1 + i)).ToList()).ToList();
        await BulkRows.WriteAsync(db, c, tx, Q.JourneyStepsInsertMany,
            writes.SelectMany((w, k) => numbered[k].Select(x => JourneyStepRow.From(workspaceId, w.Instance.Id, x.No, x.Record))));
        await BulkRows.WriteAsync(db, c, tx, Q.JourneyMessagesInsertMany,
            writes.SelectMany(w => w.Messages.Select(m => JourneyMessageRow.From(workspaceId, w.Instance, m, now))));

        var events = new List<EventRow>();
        for (var k = 0; k < writes.Count; k++)
        {
            var (instance, _, step, _) = writes[k];
            events.AddRange(Milestones(instance, numbered[k]).Select(m => InternalEvents.Row(workspaceId, instance.ContactId, m, now)));
            if (Actions(step, numbered[k]) is { Count: > 0 } actions)
            {
                events.AddRange(await ApplyAsync(db, c, tx, workspaceId, instance, actions, now));
            }
        }

        await InternalEvents.WriteAsync(db, c, tx, workspaceId, null, events, now);
        await InternalEvents.WriteForTimelineAsync(db, c, tx, workspaceId, writes.SelectMany((w, k) => numbered[k]
            .Where(r => JourneyStepped.Tells(r.Record.Kind))
            .Select(r => (w.Instance.ContactId, (RapportEvent)new JourneyStepped(w.Instance.Journey, w.Instance.Version, w.Instance.Id, r.No, r.Record))))
            .ToList(), now);
    }

    /// <summary>Each action node passed leaves its action and an Acted record, in the same order: the record's number names the action.</summary>
    private static IReadOnlyList<(int StepNo, DateTimeOffset At, ActionRequest Request)> Actions(Stepped step, IReadOnlyList<(StepRecord Record, int No)> numbered)
    {
        var acted = numbered.Where(x => x.Record.Kind == StepKind.Acted).ToList();
        if (acted.Count != step.Actions.Count)
        {
            throw new ArgumentException($"The step has {step.Actions.Count} actions but {acted.Count} Acted records.", nameof(step));
        }

        return step.Actions.Select((a, i) => (acted[i].No, acted[i].Record.At, a)).ToList();
    }

    /// <summary>Rapport's own events of the step that segments and journeys may follow: the entry into the journey and its end.</summary>
    private static IEnumerable<RapportEvent> Milestones(JourneyInstance instance, IReadOnlyList<(StepRecord Record, int No)> numbered)
    {
        if (numbered.Any(r => r.Record.Kind == StepKind.Entered))
        {
            yield return new JourneyEntered(instance.Journey, instance.Version, instance.Id);
        }

        if (instance.Status != InstanceStatus.Active && numbered.Count > 0)
        {
            yield return new JourneyEnded(instance.Journey, instance.Version, instance.Id, instance.Status, instance.EndReason);
        }
    }

    /// <summary>
    /// Traits are changed on one read of the contact and written once; a consent change goes through the ledger; emitted
    /// events are returned, to be written with the batch's, with message ids made of the instance, the step and the node
    /// (written twice: stored once); a webhook is recorded as work with its body, made now from the instance and that read of the contact.
    /// </summary>
    private static async Task<IReadOnlyList<EventRow>> ApplyAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId,
        JourneyInstance instance, IReadOnlyList<(int StepNo, DateTimeOffset At, ActionRequest Request)> actions, DateTimeOffset now)
    {
        Contact? contact = null;
        var traitsChanged = false;
        var events = new List<EventRow>();
        foreach (var (stepNo, at, request) in actions)
        {
            switch (request.Action)
            {
                case JourneyAction.SetTrait set:
                    contact ??= await ReadContactAsync(db, c, tx, workspaceId, instance.ContactId);
                    var path = set.Trait.StartsWith("traits.", StringComparison.Ordinal) ? set.Trait["traits.".Length..] : set.Trait;
                    contact = contact with { Traits = TraitMerge.SetAt(contact.Traits, path, set.Value), TraitsAt = now, UpdatedAt = now };
                    traitsChanged = true;
                    break;
                case JourneyAction.ChangeConsent change:
                    await ConsentWriter.RecordAsync(db, c, tx, workspaceId, new ConsentRecord(
                        instance.ContactId, change.Topic, change.Channel, change.Grant ? ConsentAction.Grant : ConsentAction.Withdraw, LegalBasis.Consent,
                        ConsentSource.Journey, new Evidence(Note: $"journey {instance.Journey} version {instance.Version}, node {request.Node}"),
                        null, false, null, null, now));
                    break;
                case JourneyAction.Emit emit:
                    events.Add(new EventRow
                    {
                        WorkspaceId = workspaceId,
                        MessageId = $"journey:{instance.Id}:{stepNo}:{request.Node}",
                        ContactId = instance.ContactId,
                        Type = "track",
                        Name = emit.EventName,
                        Properties = emit.Properties.ToJsonString(),
                        Context = "{}",
                        Timestamp = UnixMs.Of(now),
                        ReceivedAt = UnixMs.Of(now),
                        Source = ReservedEvents.Source,
                    });
                    break;
                case JourneyAction.Webhook webhook:
                    contact ??= await ReadContactAsync(db, c, tx, workspaceId, instance.ContactId);
                    await WorkItems.RecordAsync(db, c, tx, workspaceId,
                        new WebhookDue(webhook.Url, JourneyWebhook.Body(instance, request.Node, contact, at), instance.Id, request.Node, stepNo), now);
                    break;
                default:
                    throw new UnreachableException();
            }
        }

        if (contact is not null && traitsChanged)
        {
            await BulkRows.WriteAsync(db, c, tx, Q.ContactTraitsUpdateMany, [ContactRow.From(workspaceId, contact)]);
            await WorkItems.RecordAsync(db, c, tx, workspaceId, ContactsChanged.ProfileOf([contact.Id]), now);
        }

        return events;
    }

    /// <summary>
    /// Deleting or erasing a contact takes the webhook calls of their journeys along, waiting or given up: their bodies name
    /// the person. Run before the contact's instances are deleted.
    /// </summary>
    public static Task ForgetWebhooksAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, long contactId) =>
        c.ExecuteAsync(db.Queries[Q.JourneyWebhooksDeleteOfContact], new { WorkspaceId = workspaceId, Id = contactId, Kind = WebhookDue.Kind }, tx);

    private static async Task<Contact> ReadContactAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, long id) =>
        (await c.QueryAsync<ContactRow>(db.Queries[Q.ContactsByIds], new { WorkspaceId = workspaceId, Values = db.List(new[] { id }) }, tx))
        .SingleOrDefault()?.ToContact() ?? throw new LostRaceException($"Contact {id} was deleted while a journey step was written.");
}

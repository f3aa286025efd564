using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core;
using Rapport.Core.Messages;
using Rapport.Core.Consent;
using Rapport.Core.Segments;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>Random people stored in a workspace of their own, for differential tests against the reference evaluator.</summary>
internal static class Population
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A workspace of random people with events, subscriptions and messages, and what the reference evaluator knows of each.</summary>
    public static async Task<(int Ws, List<ContactFacts> Facts)> CreateAsync(StoreFixture store, Random random, int people)
    {
        var ws = await store.NewWorkspaceAsync();
        var now = store.Clock.GetUtcNow();
        await store.Events.IngestAsync(ws.Id, RandomPeople.Messages(random, people, now, Some.Id("p")), "test", now, Ct);
        var ids = (await store.Segments.MembersAsync(ws.Id, new BucketCondition(0, 99), _ => null, now, 0, 10_000, Ct)).Select(m => m.Id);
        var facts = new List<ContactFacts>();
        foreach (var id in ids)
        {
            foreach (var topic in new[] { "news", "offers" }.Where(_ => random.Next(2) == 0))
            {
                var action = random.Next(3) == 0 ? ConsentAction.Withdraw : ConsentAction.Grant;
                await store.Consent.RecordAsync(ws.Id, new ConsentRecord(id, topic, (Channel)random.Next(2), action, LegalBasis.Consent,
                    ConsentSource.Api, Evidence.None, null, false, null, null, now), Ct);
            }

            var events = new List<EventFact>();
            string? cursor = null;
            do
            {
                var page = await store.Events.TimelineAsync(ws.Id, id, cursor, 500, Ct);
                events.AddRange(page.Items.Where(e => e.Type == Rapport.Core.Events.MessageType.Track)
                    .Select(e => new EventFact(e.Name!, e.Timestamp, JsonNode.Parse(e.PropertiesJson)!.AsObject())));
                cursor = page.Next;
            }
            while (cursor is not null);

            var messages = new List<MessageFact>();
            for (var m = random.Next(0, 4); m > 0; m--)
            {
                var status = (MessageStatus)random.Next(Enum.GetValues<MessageStatus>().Length);
                var sent = status is MessageStatus.Queued or MessageStatus.Deferred or MessageStatus.Suppressed ? (DateTimeOffset?)null : now.AddHours(-random.Next(0, 24 * 45));
                messages.Add(new MessageFact((Channel)random.Next(2), new[] { "news", "offers", null }[random.Next(3)], status, sent));
                await store.Db.WriteAsync((c, tx) => c.ExecuteAsync(
                    "INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, content, due_at, created_at, sent_at) " +
                    "VALUES (@Ws, @Id, @Channel, @Topic, 'test', @Status, '{}', 0, 0, @SentAt)",
                    new { Ws = ws.Id, Id = id, Channel = WireName.Of(messages[^1].Channel), messages[^1].Topic, Status = WireName.Of(status), SentAt = sent?.ToUnixTimeMilliseconds() }, tx), Ct);
            }

            facts.Add(new ContactFacts((await store.Contacts.GetAsync(ws.Id, id, Ct))!, events, await store.Consent.SubscriptionsAsync(ws.Id, id, Ct), Messages: messages));
        }

        return (ws.Id, facts);
    }
}

using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Segments;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>Random people stored in a workspace of their own, for differential tests against the reference evaluator.</summary>
internal static class Population
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A workspace of random people with events and subscriptions, and what the reference evaluator knows of each.</summary>
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

            facts.Add(new ContactFacts((await store.Contacts.GetAsync(ws.Id, id, Ct))!, events, await store.Consent.SubscriptionsAsync(ws.Id, id, Ct)));
        }

        return (ws.Id, facts);
    }
}

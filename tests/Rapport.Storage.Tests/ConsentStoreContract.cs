using Rapport.Core.Consent;
using Rapport.Core.Workspaces;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class ConsentStoreContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private async Task<(Workspace Ws, long ContactId)> ContactAsync()
    {
        var ws = await store.NewWorkspaceAsync();
        var contact = await store.Contacts.AddAsync(ws.Id, Some.Contact(store.Clock.GetUtcNow(), email: Some.Email()), Ct);
        return (ws, contact!.Id);
    }

    /// <summary>The clock moved on by <paramref name="by"/>: each record of a test is later than the one before.</summary>
    private DateTimeOffset Later(TimeSpan by)
    {
        store.Clock.Advance(by);
        return store.Clock.GetUtcNow();
    }

    private ConsentRecord Record(long contactId, string? topic, Channel? channel, ConsentAction action, bool awaits = false,
        Frequency? frequency = null, MessageFormat? format = null) =>
        new(contactId, topic, channel, action, LegalBasis.Consent, ConsentSource.Api, new Evidence("203.0.113.9", "test", null, null, null),
            action == ConsentAction.Withdraw ? "too many mails" : null, awaits, frequency, format, Later(TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task A_new_workspace_offers_the_seeded_topics()
    {
        var ws = await store.NewWorkspaceAsync();
        var topics = await store.Consent.TopicsAsync(ws.Id, Ct);
        Assert.Equal(["events", "news", "offers", "products"], topics.Select(t => t.Key));
    }

    [Fact]
    public async Task No_subscription_exists_without_a_ledger_record_and_repeats_write_nothing()
    {
        var (ws, id) = await ContactAsync();
        Assert.Empty(await store.Consent.SubscriptionsAsync(ws.Id, id, Ct));

        var first = await store.Consent.RecordAsync(ws.Id, Record(id, "news", Channel.Email, ConsentAction.Grant), Ct);
        var again = await store.Consent.RecordAsync(ws.Id, Record(id, "news", Channel.Email, ConsentAction.Grant), Ct);

        Assert.True(first.Recorded);
        Assert.False(again.Recorded);
        Assert.Single(await store.Consent.HistoryAsync(ws.Id, id, Ct));
        var subscription = Assert.Single(await store.Consent.SubscriptionsAsync(ws.Id, id, Ct));
        Assert.Equal(SubscriptionStatus.Subscribed, subscription.Status);
    }

    [Fact]
    public async Task Double_opt_in_is_pending_until_confirmed_and_a_second_confirmation_changes_nothing()
    {
        var (ws, id) = await ContactAsync();
        await store.Consent.RecordAsync(ws.Id, Record(id, "offers", Channel.Email, ConsentAction.Grant, awaits: true), Ct);
        Assert.Equal(SubscriptionStatus.Pending, Assert.Single(await store.Consent.SubscriptionsAsync(ws.Id, id, Ct)).Status);

        Assert.True((await store.Consent.RecordAsync(ws.Id, Record(id, "offers", Channel.Email, ConsentAction.Confirm), Ct)).Recorded);
        Assert.False((await store.Consent.RecordAsync(ws.Id, Record(id, "offers", Channel.Email, ConsentAction.Confirm), Ct)).Recorded);
        Assert.Equal(SubscriptionStatus.Subscribed, Assert.Single(await store.Consent.SubscriptionsAsync(ws.Id, id, Ct)).Status);
    }

    [Fact]
    public async Task Withdrawing_everything_covers_every_topic_and_channel_and_keeps_the_reason()
    {
        var (ws, id) = await ContactAsync();
        await store.Consent.RecordAsync(ws.Id, Record(id, "news", Channel.Email, ConsentAction.Grant), Ct);
        await store.Consent.RecordAsync(ws.Id, Record(id, null, null, ConsentAction.Withdraw), Ct);

        var states = await store.Consent.SubscriptionsAsync(ws.Id, id, Ct);
        Assert.Equal(4 * 4, states.Count);
        Assert.All(states, s => Assert.Equal(SubscriptionStatus.Unsubscribed, s.Status));
        Assert.Equal("too many mails", (await store.Consent.HistoryAsync(ws.Id, id, Ct))[^1].Reason);
    }

    /// <summary>
    /// The property the ledger stands on: after any sequence of changes, the stored state of every
    /// subscription equals the fold of the stored ledger, and every stored state has a record behind it.
    /// </summary>
    [Fact]
    public async Task The_state_equals_the_fold_of_the_ledger_after_random_sequences()
    {
        var topics = (await store.Consent.TopicsAsync((await store.NewWorkspaceAsync()).Id, Ct)).Select(t => t.Key).ToList();
        var random = new Random(20261122);
        for (var run = 0; run < 12; run++)
        {
            var (ws, id) = await ContactAsync();
            for (var step = 0; step < 25; step++)
            {
                var action = (ConsentAction)random.Next(4);
                var topic = random.Next(4) == 0 ? null : topics[random.Next(topics.Count)];
                Channel? channel = random.Next(4) == 0 ? null : (Channel)random.Next(4);
                var frequency = random.Next(3) == 0 ? (Frequency?)random.Next(5) : null;
                var format = random.Next(3) == 0 ? (MessageFormat?)random.Next(2) : null;
                await store.Consent.RecordAsync(ws.Id, Record(id, topic, channel, action, random.Next(2) == 0, frequency, format), Ct);
            }

            var history = await store.Consent.HistoryAsync(ws.Id, id, Ct);
            var expected = ConsentLedger.Fold(id, history, topics).OrderBy(s => s.Topic).ThenBy(s => s.Channel).ToList();
            var stored = (await store.Consent.SubscriptionsAsync(ws.Id, id, Ct)).OrderBy(s => s.Topic).ThenBy(s => s.Channel).ToList();
            Assert.Equal(expected, stored);
        }
    }

    [Fact]
    public async Task Consent_text_versions_count_up_per_key()
    {
        var ws = await store.NewWorkspaceAsync();
        var first = await store.Consent.AddConsentTextAsync(ws.Id, "newsletter", "en", "Yes, send me news.", store.Clock.GetUtcNow(), Ct);
        var second = await store.Consent.AddConsentTextAsync(ws.Id, "newsletter", "en", "Yes, send me news weekly.", store.Clock.GetUtcNow(), Ct);
        var other = await store.Consent.AddConsentTextAsync(ws.Id, "sms", "en", "Texts are fine.", store.Clock.GetUtcNow(), Ct);

        Assert.Equal((1, 2, 1), (first.Version, second.Version, other.Version));
        Assert.Equal(3, (await store.Consent.ConsentTextsAsync(ws.Id, Ct)).Count);
    }

    [Fact]
    public async Task Suppression_keeps_only_a_hash_and_matches_regardless_of_case()
    {
        var ws = await store.NewWorkspaceAsync();
        var email = Some.Email();
        await store.Suppressions.AddAsync(ws.Id, SuppressionKind.Email, email.ToUpperInvariant(), SuppressionReason.Complaint, store.Clock.GetUtcNow(), Ct);
        await store.Suppressions.AddAsync(ws.Id, SuppressionKind.Email, email, SuppressionReason.Manual, store.Clock.GetUtcNow(), Ct);

        Assert.True(await store.Suppressions.IsSuppressedAsync(ws.Id, SuppressionKind.Email, email, Ct));
        Assert.False(await store.Suppressions.IsSuppressedAsync(ws.Id, SuppressionKind.Phone, "+48601234567", Ct));
        var kept = Assert.Single(await store.Suppressions.ListAsync(ws.Id, Ct));
        Assert.Equal(SuppressionReason.Complaint, kept.Reason);
        Assert.DoesNotContain("@", kept.Hash, StringComparison.Ordinal);
    }
}

public sealed class SqliteConsentStore(SqliteStores store) : ConsentStoreContract(store), IClassFixture<SqliteStores>;

public sealed class PostgresConsentStore(PostgresStores store) : ConsentStoreContract(store), IClassFixture<PostgresStores>;

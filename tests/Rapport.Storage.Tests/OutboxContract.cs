using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

public abstract class OutboxContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>A signup queues its confirmation; the outbox is shared by every test, so only ours are looked at.</summary>
    private async Task<long> QueueAsync()
    {
        var ws = await store.NewWorkspaceAsync();
        var email = Some.Email();
        var result = await store.Signups.SignUpAsync(ws.Id, new SignupRequest(email, "en", ["news"], ConsentSource.Api, Evidence.None),
            store.Clock.GetUtcNow(), TimeSpan.FromHours(1), _ => new EmailMessage("", "from@shop.example", null, email, "Confirm", "Body", null, []), Ct);
        return result.MessageId!.Value;
    }

    [Fact]
    public async Task A_leased_message_is_not_leased_again_until_its_lease_runs_out()
    {
        var id = await QueueAsync();
        var now = store.Clock.GetUtcNow();

        var first = await store.Outbox.LeaseDueAsync(now, Lease, 1000, Ct);
        var meanwhile = await store.Outbox.LeaseDueAsync(now.AddMinutes(1), Lease, 1000, Ct);
        var afterACrash = await store.Outbox.LeaseDueAsync(now.AddMinutes(6), Lease, 1000, Ct);

        Assert.Contains(first, m => m.Id == id);
        Assert.DoesNotContain(meanwhile, m => m.Id == id);
        var retaken = Assert.Single(afterACrash, m => m.Id == id);
        Assert.Equal(2, retaken.Attempts);
    }

    [Fact]
    public async Task A_sent_message_is_done_and_a_deferred_one_comes_back_when_due()
    {
        var sent = await QueueAsync();
        var deferred = await QueueAsync();
        var now = store.Clock.GetUtcNow();
        await store.Outbox.LeaseDueAsync(now, Lease, 1000, Ct);

        await store.Outbox.MarkAsync(sent, new DeliveryResult.Sent("/outbox/m1.eml"), null, now, Ct);
        await store.Outbox.MarkAsync(deferred, new DeliveryResult.Retry(TimeSpan.FromMinutes(10), "peer down"), null, now, Ct);

        Assert.DoesNotContain(await store.Outbox.LeaseDueAsync(now.AddMinutes(9), Lease, 1000, Ct), m => m.Id == deferred || m.Id == sent);
        var again = await store.Outbox.LeaseDueAsync(now.AddMinutes(11), Lease, 1000, Ct);
        Assert.Equal(MessageStatus.Deferred, Assert.Single(again, m => m.Id == deferred).Status);
        Assert.DoesNotContain(again, m => m.Id == sent);
    }

    [Fact]
    public async Task The_emails_sent_since_a_moment_count_those_the_relay_took_not_those_deferred_or_before_it()
    {
        var earlier = await QueueAsync();
        var sent = new[] { await QueueAsync(), await QueueAsync() };
        var deferred = await QueueAsync();
        var now = store.Clock.GetUtcNow();
        await store.Outbox.LeaseDueAsync(now, Lease, 1000, Ct);
        await store.Outbox.MarkAsync(earlier, new DeliveryResult.Sent("250 Ok"), null, now.AddMinutes(-1), Ct);
        var before = await store.SentMail.EmailsSentSinceAsync(now, Ct);

        foreach (var id in sent)
        {
            await store.Outbox.MarkAsync(id, new DeliveryResult.Sent("250 Ok"), null, now, Ct);
        }

        await store.Outbox.MarkAsync(deferred, new DeliveryResult.Retry(TimeSpan.FromHours(1), "warm-up"), null, now, Ct);

        Assert.Equal(before + 2, await store.SentMail.EmailsSentSinceAsync(now, Ct));
    }

    [Fact]
    public async Task Concurrent_workers_never_lease_the_same_message_twice()
    {
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await QueueAsync());
        }

        var now = store.Clock.GetUtcNow();
        var leases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.Outbox.LeaseDueAsync(now, Lease, 7, Ct)));
        var ours = leases.SelectMany(l => l).Select(m => m.Id).Where(ids.Contains).ToList();
        Assert.Equal(ours.Count, ours.Distinct().Count());
    }
}

public sealed class OutboxOnSqlite(SqliteStores store) : OutboxContract(store), IClassFixture<SqliteStores>;

public sealed class OutboxOnPostgres(PostgresStores store) : OutboxContract(store), IClassFixture<PostgresStores>;

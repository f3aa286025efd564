using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core.Messages;
using Rapport.Engine.Dispatch;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Dispatch;

/// <summary>
/// What the dispatcher leaves behind, on both stores: Email Sent and Email Deferred on the person's timeline, written with
/// the outcome, and the crash rule for a message its channel had when the server stopped (marketing at most once,
/// transactional at least once, or as configured).
/// </summary>
public abstract class DispatchOutcomeContract(StoreFixture store)
{
    private const string OneADay = """{"caps": {"email": {"perDay": 1}}, "minimumInterval": null, "quietHours": {}}""";

    private async Task<List<(string Name, JsonObject Properties)>> TimelineAsync(long contact) =>
        (await store.Db.ReadAsync(c => c.QueryAsync<(string Name, string Properties)>(
            "SELECT name, properties FROM event WHERE contact_id = @Contact AND source = 'rapport' ORDER BY id", new { Contact = contact }), CancellationToken.None))
        .Select(e => (e.Name, JsonNode.Parse(e.Properties)!.AsObject())).ToList();

    [Fact]
    public async Task A_sent_e_mail_and_one_the_gate_defers_are_told_on_the_persons_timeline()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        await rig.PolicyAsync(ws, OneADay);
        var person = await rig.PersonAsync(ws, "Europe/Warsaw", "news");
        var both = new[] { await rig.QueueAsync(ws, person, "news"), await rig.QueueAsync(ws, person, "news") };

        await rig.DispatchAsync();

        var first = Assert.Single(rig.Sent);
        var second = both.Single(id => id != first);
        var (_, reason, due) = await rig.StateAsync(second);
        var timeline = await TimelineAsync(person.Id);
        var sent = Assert.Single(timeline, e => e.Name == "Email Sent").Properties;
        Assert.Equal((first, "news"), (sent["message"]!.GetValue<long>(), sent["topic"]!.GetValue<string>()));
        var deferred = Assert.Single(timeline, e => e.Name == "Email Deferred").Properties;
        Assert.Equal((second, reason), (deferred["message"]!.GetValue<long>(), deferred["reason"]!.GetValue<string>()));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(due), DateTimeOffset.Parse(deferred["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_e_mail_its_channel_asks_to_retry_is_told_deferred_and_a_failed_one_is_not_told_sent()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var (busy, refused) = (await rig.PersonAsync(ws, null), await rig.PersonAsync(ws, null));
        var (retried, failed) = (await rig.QueueAsync(ws, busy, null, MessagePurposes.Transactional), await rig.QueueAsync(ws, refused, null, MessagePurposes.Transactional));
        rig.Channel.Answer = mail => mail.To == busy.Email
            ? new DeliveryResult.Retry(TimeSpan.FromMinutes(10), "421 try again later")
            : new DeliveryResult.Failed("550 no such mailbox");

        await rig.DispatchAsync();

        var deferred = Assert.Single(await TimelineAsync(busy.Id), e => e.Name == "Email Deferred").Properties;
        Assert.Equal((retried, "421 try again later"), (deferred["message"]!.GetValue<long>(), deferred["reason"]!.GetValue<string>()));
        Assert.Equal(rig.Now.AddMinutes(10), DateTimeOffset.Parse(deferred["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await TimelineAsync(refused.Id));
        Assert.Equal("failed", (await rig.StateAsync(failed)).Status);
    }

    [Fact]
    public async Task An_e_mail_held_back_by_Rapports_own_limits_waits_with_the_reason_and_the_timeline_is_not_told()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var person = await rig.PersonAsync(ws, null);
        var message = await rig.QueueAsync(ws, person, null, MessagePurposes.Transactional);
        rig.Channel.Answer = _ => new DeliveryResult.Retry(TimeSpan.FromSeconds(2), "example.com takes 30 messages a minute now", HeldBack: true);

        await rig.DispatchAsync();
        store.Clock.Advance(TimeSpan.FromSeconds(2));
        await rig.DispatchAsync(); // held back again: a domain's limit may hold a message many times

        Assert.Equal(("deferred", "example.com takes 30 messages a minute now"), (await rig.StateAsync(message)) is var (status, why, _) ? (status, why) : default);
        Assert.Empty(await TimelineAsync(person.Id));
    }

    [Fact]
    public async Task A_person_deleted_while_the_channel_has_their_e_mail_gets_no_event_written_after_them()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var person = await rig.PersonAsync(ws, null);
        var message = await rig.QueueAsync(ws, person, null, MessagePurposes.Transactional);
        rig.Channel.OnSend = _ => store.Contacts.DeleteAsync(ws, person.Id, CancellationToken.None);

        await rig.DispatchAsync();

        Assert.Equal([message], rig.Sent);
        Assert.Equal("sent", (await rig.StateAsync(message)).Status);
        Assert.Empty(await TimelineAsync(person.Id));
    }

    [Theory]
    [InlineData(ResendAfterCrash.Transactional, false, true)]
    [InlineData(ResendAfterCrash.All, true, true)]
    [InlineData(ResendAfterCrash.None, false, false)]
    public async Task A_message_the_channel_had_when_the_server_stopped_is_sent_again_or_ended_by_the_rule(
        ResendAfterCrash rule, bool marketingAgain, bool transactionalAgain)
    {
        var rig = new GateRig(store);
        var dispatcher = rig.DispatcherOn(store.Db, rule);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var person = await rig.PersonAsync(ws, null, "news");
        var marketing = await rig.QueueAsync(ws, person, "news");
        var transactional = await rig.QueueAsync(ws, person, null, MessagePurposes.Transactional);
        rig.Channel.OnSend = _ => throw new OperationCanceledException("the server stops"); // let go by the gate, never answered
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(("sending", "sending"), ((await rig.StateAsync(marketing)).Status, (await rig.StateAsync(transactional)).Status));

        rig.Channel.OnSend = null;
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Empty(rig.Sent); // the lease has not run out: nobody takes them yet
        store.Clock.Advance(dispatcher.Lease);
        await dispatcher.DispatchDueAsync(CancellationToken.None);

        foreach (var (id, again) in new[] { (marketing, marketingAgain), (transactional, transactionalAgain) })
        {
            Assert.Equal(again, rig.Sent.Contains(id));
            Assert.Equal(again ? ("sent", null) : ("failed", Dispatcher.NotSentAgain), (await rig.StateAsync(id)) is var (status, why, _) ? (status, why) : default);
        }
    }
}

public sealed class DispatchOutcomeOnSqlite(SqliteStores store) : DispatchOutcomeContract(store), IClassFixture<SqliteStores>;

public sealed class DispatchOutcomeOnPostgres(PostgresStores store) : DispatchOutcomeContract(store), IClassFixture<PostgresStores>;

using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Policy;
using Rapport.Core.Ports;
using Rapport.Engine.Dispatch;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Dispatch;

/// <summary>
/// The dispatcher asks the contact gate before every send, on both stores and a fake clock: a message over a cap waits for
/// the person's next day, one to a suppressed or unsubscribed person never goes, priority orders a tight round, a message
/// counts toward the caps from the moment it is let go, and every decision is recorded on its message.
/// </summary>
public abstract class GateContract(StoreFixture store)
{
    private const string OneADay = """{"caps": {"email": {"perDay": 1}}, "minimumInterval": null, "quietHours": {}}""";

    [Fact]
    public async Task Over_a_cap_of_one_a_day_the_second_message_waits_for_the_persons_next_day_and_each_decision_is_on_the_message()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var version = await rig.PolicyAsync(ws, OneADay);
        var person = await rig.PersonAsync(ws, "Europe/Warsaw", "news");
        var (first, second) = (await rig.QueueAsync(ws, person, "news"), await rig.QueueAsync(ws, person, "news"));

        await rig.DispatchAsync();

        var zone = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
        var nextDay = Instant.FromDateTimeOffset(rig.Now).InZone(zone).Date.PlusDays(1).AtStartOfDayInZone(zone).ToDateTimeOffset();
        Assert.Equal([first], rig.Sent);
        var (status, reason, due) = await rig.StateAsync(second);
        Assert.Equal(("deferred", nextDay.ToUnixTimeMilliseconds()), (status, due));
        Assert.Contains("daily e-mail cap of 1 reached", reason, StringComparison.Ordinal);
        Assert.Equal([(new GateDecision.Send() as GateDecision, (int?)version)], (await rig.DecisionsAsync(ws, first)).Select(d => (d.Decision, d.PolicyVersion)));
        Assert.Equal(new GateDecision.Defer(nextDay, reason!), Assert.Single(await rig.DecisionsAsync(ws, second)).Decision);
        Assert.Empty(await rig.DecisionsAsync(ws + 1, second)); // another workspace sees none

        store.Clock.Advance(nextDay - rig.Now - TimeSpan.FromSeconds(1));
        await rig.DispatchAsync();
        Assert.Single(rig.Sent); // not a second early
        store.Clock.Advance(TimeSpan.FromSeconds(1));
        await rig.DispatchAsync();
        Assert.Equal([first, second], rig.Sent);
        Assert.Equal("sent", (await rig.StateAsync(second)).Status);
        Assert.IsType<GateDecision.Send>((await rig.DecisionsAsync(ws, second))[^1].Decision);
    }

    [Fact]
    public async Task No_marketing_reaches_an_unsubscribed_or_suppressed_person_and_transactional_mail_only_stops_at_suppression()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var left = await rig.PersonAsync(ws, null, "news");
        await rig.ConsentAsync(ws, left.Id, "news", ConsentAction.Withdraw);
        var bounced = await rig.PersonAsync(ws, null, "news");
        await store.Suppressions.AddAsync(ws, SuppressionKind.Email, bounced.Email.ToUpperInvariant(), SuppressionReason.HardBounce, rig.Now, CancellationToken.None);
        var never = await rig.PersonAsync(ws, null);

        var toLeft = await rig.QueueAsync(ws, left, "news");
        var receipt = await rig.QueueAsync(ws, left, null, MessagePurposes.Transactional);
        var toBounced = await rig.QueueAsync(ws, bounced, "news");
        var receiptToBounced = await rig.QueueAsync(ws, bounced, null, MessagePurposes.Confirmation);
        var toNever = await rig.QueueAsync(ws, never, "news", MessagePurposes.Broadcast);
        var unknownPurpose = await rig.QueueAsync(ws, never, null, "made-up");
        await rig.DispatchAsync();

        Assert.Equal([receipt], rig.Sent);
        Assert.Equal(("suppressed", "unsubscribed from news by e-mail"), Reason(await rig.StateAsync(toLeft)));
        Assert.Equal(("suppressed", "the address is suppressed: the address bounced hard"), Reason(await rig.StateAsync(toBounced)));
        Assert.Equal(("suppressed", "the address is suppressed: the address bounced hard"), Reason(await rig.StateAsync(receiptToBounced)));
        Assert.Equal(("suppressed", "not subscribed to news by e-mail"), Reason(await rig.StateAsync(toNever)));
        Assert.Equal("suppressed", (await rig.StateAsync(unknownPurpose)).Status); // marketing without a topic: no consent to check
        Assert.IsType<GateDecision.Suppress>(Assert.Single(await rig.DecisionsAsync(ws, toLeft)).Decision);
    }

    [Fact]
    public async Task When_caps_are_tight_transactional_mail_goes_first_then_journeys_then_broadcasts_and_a_skipping_send_is_dropped()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        await rig.PolicyAsync(ws, """{"caps": {"email": {"perDay": 1}}, "minimumInterval": null, "quietHours": {}, "transactionalCounts": true}""");
        var person = await rig.PersonAsync(ws, "UTC", "news");
        var broadcast = await rig.QueueAsync(ws, person, "news", MessagePurposes.Broadcast);
        var journey = await rig.QueueAsync(ws, person, "news");
        var skipping = await rig.QueueAsync(ws, person, "news", whenBlocked: "skip");
        var receipt = await rig.QueueAsync(ws, person, null, MessagePurposes.Transactional);

        await rig.DispatchAsync();
        Assert.Equal([receipt], rig.Sent);
        var (status, reason, _) = await rig.StateAsync(skipping);
        Assert.Equal("suppressed", status);
        Assert.StartsWith("skipped, as its sender chose, rather than wait: ", reason, StringComparison.Ordinal);

        store.Clock.Advance(TimeSpan.FromDays(1));
        await rig.DispatchAsync();
        Assert.Equal([receipt, journey], rig.Sent);
        store.Clock.Advance(TimeSpan.FromDays(1));
        await rig.DispatchAsync();
        Assert.Equal([receipt, journey, broadcast], rig.Sent);
        Assert.Equal(3, (await rig.DecisionsAsync(ws, broadcast)).Count); // deferred twice, then let go
    }

    [Fact]
    public async Task A_message_counts_toward_the_cap_from_the_moment_it_is_let_go_before_its_channel_answers()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        await rig.PolicyAsync(ws, OneADay);
        var person = await rig.PersonAsync(ws, null, "news");
        var first = await rig.QueueAsync(ws, person, "news");
        long? second = null;
        var secondNode = rig.DispatcherOn(store.Db);
        rig.Channel.OnSend = async mail =>
        {
            if (second is null)
            {
                second = await rig.QueueAsync(ws, person, "news"); // while the first is with its channel, another node decides the next
                await secondNode.DispatchDueAsync(CancellationToken.None);
            }
        };

        await rig.DispatchAsync();

        Assert.Equal([first], rig.Sent);
        Assert.Equal("deferred", (await rig.StateAsync(second!.Value)).Status);
    }

    [Fact]
    public async Task A_message_whose_contact_is_deleted_between_its_lease_and_the_gate_keeps_its_end_and_gets_no_decision()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var person = await rig.PersonAsync(ws, null, "news");
        var id = await rig.QueueAsync(ws, person, "news");
        var leased = (await store.Outbox.LeaseDueAsync(rig.Now, TimeSpan.FromMinutes(5), 1000, CancellationToken.None)).Single(m => m.Id == id);

        Assert.True(await store.Contacts.DeleteAsync(ws, person.Id, CancellationToken.None));
        var decisions = await new DispatchGate(store.Outbox, rig.Policies, store.Clock).DecideAsync([new GateQuestion(leased, person.Email)], CancellationToken.None);

        Assert.Empty(decisions);
        Assert.Equal(("suppressed", "the contact was deleted"), Reason(await rig.StateAsync(id)));
        Assert.Empty(await rig.DecisionsAsync(ws, id));
    }

    private static (string, string?) Reason((string Status, string? Reason, long) state) => (state.Status, state.Reason);

    [Fact]
    public async Task A_round_is_sent_as_many_at_once_as_the_channel_has_connections_and_each_outcome_is_recorded()
    {
        var rig = new GateRig(store);
        rig.Channel.Connections = 3;
        var ws = (await store.NewWorkspaceAsync()).Id;
        var queued = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            queued.Add(await rig.QueueAsync(ws, await rig.PersonAsync(ws, null), null, MessagePurposes.Transactional));
        }

        var (now, most) = (0, 0);
        var threeInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Channel.OnSend = async _ =>
        {
            var at = Interlocked.Increment(ref now);
            InterlockedMax(ref most, at);
            if (at == 3)
            {
                threeInFlight.TrySetResult();
            }

            // Each send is held until three are in flight at once: a dispatcher that sent fewer at a time would fail here.
            await threeInFlight.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref now);
        };
        await rig.DispatchAsync();

        Assert.Equal(3, most);
        Assert.Equal(queued.Order(), rig.Sent.Order());
        foreach (var id in queued)
        {
            Assert.Equal("sent", (await rig.StateAsync(id)).Status);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            Interlocked.CompareExchange(ref target, value, seen);
        }
    }
}

public sealed class GateOnSqlite(SqliteStores store) : GateContract(store), IClassFixture<SqliteStores>;

public sealed class GateOnPostgres(PostgresStores store) : GateContract(store), IClassFixture<PostgresStores>;

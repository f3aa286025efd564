using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Policy;
using static Rapport.Core.Tests.Policy.Gates;

namespace Rapport.Core.Tests.Policy;

/// <summary>The gate's rules come in the order: suppression, consent, the person's frequency, caps, interval, quiet hours.</summary>
public sealed class ContactGateOrderTests
{
    private static readonly DateTimeOffset Noon = At(Warsaw, 2026, 12, 9, 12);
    private static readonly ContactPolicy Strict = Rules("""
        {"caps": {"email": {"perDay": 1}}, "minimumInterval": "PT4H", "quietHours": {"email": {"start": "21:00", "end": "08:00"}}}
        """);

    [Fact]
    public void Suppression_comes_first_and_holds_back_even_a_transactional_message()
    {
        var facts = Person(Warsaw) with { Suppressed = SuppressionReason.HardBounce };

        Assert.Equal("the address is suppressed: the address bounced hard", Suppressed(Decide(News, facts, ContactPolicy.None, Noon)).Reason);
        Suppressed(Decide(Receipt, facts, ContactPolicy.None, Noon));
    }

    [Theory]
    [InlineData(SubscriptionStatus.None, "not subscribed to news by e-mail")]
    [InlineData(SubscriptionStatus.Pending, "the subscription to news by e-mail is not confirmed yet")]
    [InlineData(SubscriptionStatus.Unsubscribed, "unsubscribed from news by e-mail")]
    public void Marketing_needs_consent_for_its_topic_on_its_channel(SubscriptionStatus status, string reason)
    {
        var facts = Person(Warsaw) with { Subscriptions = [Subscribed() with { Status = status }] };

        Assert.Equal(reason, Suppressed(Decide(News, facts, ContactPolicy.None, Noon)).Reason);
    }

    [Fact]
    public void Consent_on_another_channel_or_topic_is_no_consent()
    {
        var facts = Person(Warsaw) with { Subscriptions = [Subscribed(channel: Channel.Sms), Subscribed("offers")] };

        Suppressed(Decide(News, facts, ContactPolicy.None, Noon));
        Suppressed(Decide(News with { Topic = null }, Person(Warsaw), ContactPolicy.None, Noon));
    }

    [Fact]
    public void Consent_comes_before_the_caps_a_person_who_left_is_suppressed_not_deferred()
    {
        var facts = Person(Warsaw, Sent(Noon.AddHours(-1))) with { Subscriptions = [Subscribed() with { Status = SubscriptionStatus.Unsubscribed }] };

        Suppressed(Decide(News, facts, Strict, Noon, WhenBlocked.Wait));
    }

    [Fact]
    public void A_transactional_message_needs_no_consent_and_is_held_by_no_cap_interval_or_quiet_hours()
    {
        var facts = new GateFacts(null, [], Warsaw, [Sent(Noon.AddHours(-1)), Sent(Noon.AddMinutes(-5), kind: MessageKind.Transactional)], []);

        Sends(Decide(Receipt, facts, Strict with { TransactionalCounts = true }, Noon));
    }

    [Fact]
    public void Every_rule_that_holds_is_named_and_the_message_waits_for_the_latest_of_them()
    {
        var facts = Person(Warsaw, Sent(Noon.AddHours(-1)));

        var defer = Deferred(Decide(News, facts, Strict, Noon));

        Assert.Equal(At(Warsaw, 2026, 12, 10, 8), defer.Until); // tomorrow (the daily cap), once the night's quiet hours are over
        Assert.Equal(
            "daily e-mail cap of 1 reached; next day starts 2026-12-10 00:00 Europe/Warsaw; "
            + "minimum interval of PT4H between marketing messages; the last went 2026-12-09 11:00 Europe/Warsaw, the next may go from 2026-12-09 15:00 Europe/Warsaw; "
            + "quiet hours 21:00–08:00 in Europe/Warsaw until 08:00",
            defer.Reason);
        Sends(Decide(News, facts, Strict, defer.Until));
    }

    [Fact]
    public void The_persons_frequency_is_named_before_the_caps()
    {
        var facts = Person(Warsaw, Sent(Noon.AddHours(-1))) with { Subscriptions = [Subscribed(frequency: Frequency.Weekly)] };

        var defer = Deferred(Decide(News, facts, Strict, Noon));

        Assert.StartsWith("asked for news by e-mail weekly; the last went on 2026-12-09, the next may go from 2026-12-16 00:00 Europe/Warsaw; daily", defer.Reason);
        Assert.Equal(At(Warsaw, 2026, 12, 16, 8), defer.Until);
    }

    [Fact]
    public void A_sender_that_chose_to_skip_has_its_message_suppressed_with_the_reason_instead_of_deferred()
    {
        var facts = Person(Warsaw, Sent(Noon.AddHours(-1)));

        var skipped = Suppressed(Decide(News, facts, Strict, Noon, WhenBlocked.Skip));

        Assert.StartsWith("skipped, as its sender chose, rather than wait: daily e-mail cap of 1 reached", skipped.Reason);
        Sends(Decide(News, Person(Warsaw), ContactPolicy.None, Noon, WhenBlocked.Skip));
    }

    [Fact]
    public void Messages_let_go_in_the_same_round_count_as_sent_now()
    {
        var facts = Person(Warsaw) with { Batch = [News with { Channel = Channel.Sms }] };

        Assert.Equal(Noon.AddHours(1), Deferred(Decide(News, facts, Rules("""{"minimumInterval": "PT1H"}"""), Noon)).Until);
    }

    [Fact]
    public void When_caps_are_tight_a_journey_goes_before_a_broadcast_whatever_the_order_asked()
    {
        var broadcast = News with { Kind = MessageKind.Broadcast };
        var cap = Rules("""{"caps": {"email": {"perDay": 1}}}""");

        var decisions = ContactGate.DecideAll([(broadcast, WhenBlocked.Wait), (News, WhenBlocked.Wait)], Person(Warsaw), cap, Noon);

        Deferred(decisions[0]);
        Sends(decisions[1]);
    }

    [Fact]
    public void A_transactional_message_goes_first_and_fills_the_cap_when_the_policy_counts_it()
    {
        var cap = Rules("""{"caps": {"email": {"perDay": 1}}, "transactionalCounts": true}""");

        var decisions = ContactGate.DecideAll([(News, WhenBlocked.Wait), (Receipt, WhenBlocked.Wait)], Person(Warsaw), cap, Noon);

        Deferred(decisions[0]);
        Sends(decisions[1]);
        Sends(ContactGate.DecideAll([(News, WhenBlocked.Wait), (Receipt, WhenBlocked.Wait)], Person(Warsaw), cap with { TransactionalCounts = false }, Noon)[0]);
    }

    [Fact]
    public void Transactional_messages_sent_before_fill_a_cap_only_when_the_policy_counts_them()
    {
        var facts = Person(Warsaw, Sent(Noon.AddHours(-3), topic: null, kind: MessageKind.Transactional));
        var cap = Rules("""{"caps": {"email": {"perDay": 1}}}""");

        Sends(Decide(News, facts, cap, Noon));
        Deferred(Decide(News, facts, cap with { TransactionalCounts = true }, Noon));
    }

    [Fact]
    public void An_unknown_time_zone_is_taken_as_utc()
    {
        var quiet = Rules("""{"quietHours": {"email": {"start": "21:00", "end": "08:00"}}}""");

        var defer = Deferred(Decide(News, Person("Mars/Olympus"), quiet, Utc(2026, 12, 9, 22)));

        Assert.Equal(Utc(2026, 12, 10, 8), defer.Until);
        Assert.Equal("quiet hours 21:00–08:00 in UTC until 08:00", defer.Reason);
    }
}

using CsCheck;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Policy;

namespace Rapport.Core.Tests.Policy;

/// <summary>For random policies, histories, zones and moments, the gate agrees with the plain rules of <see cref="GateOracle"/>.</summary>
public sealed class ContactGatePropertyTests
{
    private const int Iterations = 20_000;

    [Fact]
    public void A_send_passes_no_cap_interval_quiet_hour_or_frequency_and_what_the_rules_allow_is_sent() =>
        GateCases.All.Sample(c =>
        {
            var decision = ContactGate.Decide(c.Message, WhenBlocked.Wait, c.Facts, c.Policy, c.Now);
            Assert.Equal(GateOracle.Allows(c, c.Now), decision is GateDecision.Send);
        }, iter: Iterations, print: c => c.ToString());

    [Fact]
    public void A_deferral_ends_at_the_earliest_moment_the_message_may_go_and_it_goes_then() =>
        GateCases.All.Sample(c =>
        {
            if (ContactGate.Decide(c.Message, WhenBlocked.Wait, c.Facts, c.Policy, c.Now) is not GateDecision.Defer defer)
            {
                return;
            }

            Assert.True(defer.Until > c.Now);
            Assert.True(GateOracle.Allows(c, defer.Until), $"not allowed at {defer.Until:O}: {defer.Reason}");
            Assert.IsType<GateDecision.Send>(ContactGate.Decide(c.Message, WhenBlocked.Wait, c.Facts, c.Policy, defer.Until));
            var before = defer.Until.AddSeconds(-1);
            Assert.False(before >= c.Now && GateOracle.Allows(c, before), $"already allowed at {before:O}: {defer.Reason}");
        }, iter: Iterations, print: c => c.ToString());

    [Fact]
    public void No_quarter_hour_before_a_deferral_ends_would_have_let_the_message_go() =>
        GateCases.All.Sample(c =>
        {
            if (ContactGate.Decide(c.Message, WhenBlocked.Wait, c.Facts, c.Policy, c.Now) is not GateDecision.Defer defer)
            {
                return;
            }

            // Every rule changes on a quarter hour here (zones, quiet hours, history and intervals all fall on them).
            for (var at = c.Now; at < defer.Until; at = at.AddMinutes(15))
            {
                Assert.False(GateOracle.Allows(c, at), $"already allowed at {at:O}, deferred until {defer.Until:O}: {defer.Reason}");
            }
        }, iter: Iterations / 10, print: c => c.ToString());

    [Fact]
    public void Skipping_suppresses_exactly_what_waiting_defers() =>
        GateCases.All.Sample(c =>
        {
            var wait = ContactGate.Decide(c.Message, WhenBlocked.Wait, c.Facts, c.Policy, c.Now);
            var skip = ContactGate.Decide(c.Message, WhenBlocked.Skip, c.Facts, c.Policy, c.Now);
            Assert.Equal(wait is GateDecision.Send, skip is GateDecision.Send);
            Assert.Equal(wait is GateDecision.Defer, skip is GateDecision.Suppress);
        }, iter: Iterations / 4, print: c => c.ToString());

    [Fact]
    public void A_suppressed_or_unsubscribed_person_never_gets_marketing() =>
        Gen.Select(GateCases.All, Gen.Enum<SuppressionReason>().Nullable(0.5), Gen.Enum<SubscriptionStatus>(), Gen.Bool).Sample((c, suppressed, status, recorded) =>
        {
            if (suppressed is null && status == SubscriptionStatus.Subscribed && recorded)
            {
                return;
            }

            var subscriptions = recorded ? c.Facts.Subscriptions.Select(s => s with { Status = status }).ToList() : [];
            var facts = c.Facts with { Suppressed = suppressed, Subscriptions = subscriptions };
            foreach (var whenBlocked in (WhenBlocked[])[WhenBlocked.Wait, WhenBlocked.Skip])
            {
                Assert.IsType<GateDecision.Suppress>(ContactGate.Decide(c.Message, whenBlocked, facts, c.Policy, c.Now));
            }
        }, iter: Iterations / 4);

    [Fact]
    public void A_transactional_message_goes_unless_the_address_is_suppressed() =>
        GateCases.All.Sample(c =>
        {
            var receipt = c.Message with { Kind = MessageKind.Transactional, Topic = null };
            Assert.IsType<GateDecision.Send>(ContactGate.Decide(receipt, WhenBlocked.Skip, c.Facts with { Subscriptions = [] }, c.Policy, c.Now));
        }, iter: Iterations / 4, print: c => c.ToString());

    [Fact]
    public void Messages_decided_together_never_pass_a_cap_or_the_interval_between_them() =>
        Gen.Select(GateCases.All, Gen.OneOfConst(MessageKind.Journey, MessageKind.Broadcast, MessageKind.Transactional).List[1, 5]).Sample((c, kinds) =>
        {
            var messages = kinds.Select(k => (c.Message with { Kind = k, Topic = k == MessageKind.Transactional ? null : "news" }, WhenBlocked.Wait)).ToList();
            var decisions = ContactGate.DecideAll(messages, c.Facts, c.Policy, c.Now);
            var sent = c.Sent.ToList();
            foreach (var i in Enumerable.Range(0, messages.Count).OrderBy(i => ContactGate.Priority(kinds[i])))
            {
                if (decisions[i] is GateDecision.Send)
                {
                    Assert.True(kinds[i] == MessageKind.Transactional || GateOracle.Allows(c with { Sent = sent, Message = messages[i].Item1 }, c.Now));
                    sent.Add(new PastMessage(c.Message.Channel, messages[i].Item1.Topic, kinds[i], c.Now));
                }
            }
        }, iter: Iterations / 4);
}

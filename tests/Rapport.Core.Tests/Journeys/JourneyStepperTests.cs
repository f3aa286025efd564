using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Segments;
using static Rapport.Core.Tests.Journeys.Journeys;

namespace Rapport.Core.Tests.Journeys;

/// <summary>The step function: a person's answer, or their silence, picks the next step.</summary>
public sealed class JourneyStepperTests
{
    private static readonly JourneyDefinition Reminder = ServiceReminder();

    [Fact]
    public void Entering_sends_the_first_message_and_waits_for_an_answer_until_the_timeout()
    {
        var step = Step(Reminder, Entered(Reminder), Facts(), Start);

        Assert.Equal([StepKind.Entered, StepKind.Sent, StepKind.Waiting], step.Records.Select(r => r.Kind));
        var message = Assert.Single(step.Messages);
        Assert.Equal(("remind", Channel.Email, "service"), (message.Node, message.Channel, message.Topic));
        Assert.Equal("wait-booking", step.Instance.Node);
        Assert.Equal(Start.AddDays(3), step.Instance.DueAt);
        Assert.Equal(3, step.Instance.Steps);
    }

    [Fact]
    public void Silence_until_the_timeout_escalates_to_sms_then_to_a_call()
    {
        var first = Step(Reminder, Entered(Reminder), Facts(), Start).Instance;
        Assert.Empty(Step(Reminder, first, Facts(), Start.AddDays(3).AddSeconds(-1)).Records); // not yet: nothing changes

        var sms = Step(Reminder, first, Facts(), Start.AddDays(3));
        Assert.Equal([StepKind.TimedOut, StepKind.Sent, StepKind.Waiting], sms.Records.Select(r => r.Kind));
        Assert.Equal(Channel.Sms, Assert.Single(sms.Messages).Channel);

        var call = Step(Reminder, sms.Instance, Facts(), Start.AddDays(5));
        Assert.Equal([StepKind.TimedOut, StepKind.Acted], call.Records.Select(r => r.Kind));
        Assert.Equal("Call Requested", Assert.IsType<JourneyAction.Emit>(Assert.Single(call.Actions).Action).EventName);
        Assert.Equal(("done", Start.AddDays(5)), (call.Instance.Node, call.Instance.DueAt)); // the step ends after the action, due at once

        var done = Step(Reminder, call.Instance, Facts(), Start.AddDays(5));
        Assert.Equal([StepKind.Completed], done.Records.Select(r => r.Kind));
        Assert.Equal(InstanceStatus.Completed, done.Instance.Status);
        Assert.Null(done.Instance.DueAt);
    }

    [Fact]
    public void An_answer_picks_its_branch_and_nobody_is_reminded_again()
    {
        var waiting = Step(Reminder, Entered(Reminder), Facts(), Start).Instance;
        var booked = On("Service Booked", Start.AddDays(1));

        var step = Step(Reminder, waiting, Facts([booked]), Start.AddDays(1));

        Assert.Equal([StepKind.Answered, StepKind.Acted], step.Records.Select(r => r.Kind));
        Assert.Equal("answers[0]", step.Records[0].Edge);
        Assert.Contains(booked.MessageId, step.Records[0].Why, StringComparison.Ordinal);
        Assert.Empty(step.Messages);
        Assert.Equal(InstanceStatus.Completed, Step(Reminder, step.Instance, Facts([booked]), Start.AddDays(1)).Instance.Status);
    }

    [Fact]
    public void A_step_ends_after_an_action_so_the_branch_after_it_reads_what_the_action_wrote()
    {
        var pro = new TraitCondition("traits.plan", new Test(TestOperator.Eq, [JsonValue.Create("pro")], null, null));
        var journey = Journey(
            new ActionNode("upgrade", new JourneyAction.SetTrait("traits.plan", JsonValue.Create("pro")), "check"),
            new BranchNode("check", [new Branch(pro, "welcome-pro")], "done"),
            new ExitNode("welcome-pro"),
            new ExitNode("done"));

        var acted = Step(journey, Entered(journey), Facts(), Start); // no condition asked for: the branch is not reached

        Assert.Equal([StepKind.Entered, StepKind.Acted], acted.Records.Select(r => r.Kind));
        Assert.Equal(("check", Start, InstanceStatus.Active), (acted.Instance.Node, acted.Instance.DueAt, acted.Instance.Status));
        var asks = Assert.IsType<NeedsConditions>(JourneyStepper.Step(journey, acted.Instance, Facts(), Start));
        Assert.Equal([JourneyDefinition.ConditionKey("check", 0)], asks.Keys);
    }

    [Fact]
    public void An_answer_that_came_before_the_wait_began_counts_at_once()
    {
        var booked = On("Service Booked", Start.AddMinutes(1));
        var step = Step(Reminder, Entered(Reminder), Facts([booked]), Start.AddMinutes(2));

        Assert.Equal([StepKind.Entered, StepKind.Sent, StepKind.Answered, StepKind.Acted], step.Records.Select(r => r.Kind));
    }

    [Fact]
    public void An_answer_after_the_timeout_does_not_count_even_when_the_step_is_seen_late()
    {
        var waiting = Step(Reminder, Entered(Reminder), Facts(), Start).Instance;
        var late = On("Service Booked", Start.AddDays(3).AddHours(1));

        var step = Step(Reminder, waiting, Facts([late]), Start.AddDays(4));

        Assert.Equal(StepKind.TimedOut, step.Records[0].Kind);
        Assert.Equal(Start.AddDays(3), step.Records[0].At); // on the instance's own clock
        Assert.Equal("sms", step.Records[1].Node);
    }

    [Fact]
    public void Stepping_again_with_the_same_facts_changes_nothing()
    {
        var step = Step(Reminder, Entered(Reminder), Facts(), Start);
        var again = Step(Reminder, step.Instance, Facts(), Start);

        Assert.Empty(again.Records);
        Assert.Empty(again.Messages);
        Assert.Equal(step.Instance, again.Instance);
    }

    [Fact]
    public void A_correlated_answer_is_the_order_of_the_same_cart()
    {
        var journey = Journey(
            new WaitForNode("wait-order", [new EventAnswer(Event("Order Completed"), new Correlation("cartId", "cartId"), "done")], Period("PT4H"), "remind"),
            Send("remind", "done"),
            new ExitNode("done"));
        var started = On("Checkout Started", Start, new JsonObject { ["cartId"] = "c-1" });
        var instance = Entered(journey, trigger: started);

        var otherCart = On("Order Completed", Start.AddHours(1), new JsonObject { ["cartId"] = "c-2" });
        Assert.Equal(StepKind.Waiting, Step(journey, instance, Facts([otherCart]), Start.AddHours(1)).Records[^1].Kind);

        var sameCart = On("Order Completed", Start.AddHours(2), new JsonObject { ["cartId"] = "c-1" });
        var step = Step(journey, instance, Facts([otherCart, sameCart]), Start.AddHours(2));
        Assert.Contains(step.Records, r => r.Kind == StepKind.Answered && r.Why.Contains(sameCart.MessageId, StringComparison.Ordinal));
        Assert.Empty(step.Messages);
    }

    [Fact]
    public void A_response_answer_is_a_response_to_the_message_this_instance_sent_at_that_node()
    {
        var journey = Journey(
            Send("offer", "wait-click"),
            new WaitForNode("wait-click", [new ResponseAnswer(Response.Clicked, "offer", "thanks")], Period("P2D"), "reminder"),
            Send("reminder", "done"),
            Send("thanks", "done"),
            new ExitNode("done"));
        var waiting = Step(journey, Entered(journey), Facts(), Start).Instance;
        var sent = new[] { new SentMessage("offer", 41) };

        var someoneElses = On("Email Clicked", Start.AddHours(1), new JsonObject { ["messageId"] = 40 });
        Assert.Empty(Step(journey, waiting, Facts([someoneElses], sent), Start.AddHours(1)).Records);

        var clicked = On("Email Clicked", Start.AddHours(2), new JsonObject { ["messageId"] = "41" });
        var step = Step(journey, waiting, Facts([someoneElses, clicked], sent), Start.AddHours(2));
        Assert.Equal("thanks", Assert.Single(step.Messages).Node);
    }

    [Fact]
    public void A_branch_asks_for_the_conditions_it_needs_and_takes_the_first_that_holds()
    {
        var journey = Journey(
            new BranchNode("vip", [new Branch(new StageCondition(Rapport.Core.Value.LoyaltyStage.Client, true), "gift")], "offer"),
            Send("gift", "done"),
            Send("offer", "done"),
            new ExitNode("done"));
        var instance = Entered(journey);

        var needs = Assert.IsType<NeedsConditions>(JourneyStepper.Step(journey, instance, Facts(), Start));
        Assert.Equal([JourneyDefinition.ConditionKey("vip", 0)], needs.Keys);

        var held = Step(journey, instance, Facts(conditions: new Dictionary<string, bool> { [needs.Keys[0]] = true }), Start);
        Assert.Equal("gift", Assert.Single(held.Messages).Node);
        var notHeld = Step(journey, instance, Facts(conditions: new Dictionary<string, bool> { [needs.Keys[0]] = false }), Start);
        Assert.Equal("offer", Assert.Single(notHeld.Messages).Node);
        Assert.Equal("default", notHeld.Records.Single(r => r.Kind == StepKind.Branched).Edge);
    }

    [Fact]
    public void A_split_gives_each_contact_one_stable_variant_in_proportion_to_the_weights()
    {
        var journey = Journey(
            new SplitNode("ab", [new Variant("a", 30, "send-a"), new Variant("b", 70, "send-b")]),
            Send("send-a", "done"), Send("send-b", "done"), new ExitNode("done"));

        var variants = Enumerable.Range(1, 10_000)
            .Select(id => Step(journey, Entered(journey, contact: id), Facts(), Start).Instance.Variant)
            .ToList();

        Assert.InRange(variants.Count(v => v == "a"), 2_800, 3_200);
        Assert.Equal(variants[41], Step(journey, Entered(journey, contact: 42), Facts(), Start).Instance.Variant);
    }

    [Fact]
    public void A_holdout_keeps_its_share_out_of_everything_that_follows()
    {
        var journey = Journey(new HoldoutNode("control", 10, "offer"), Send("offer", "done"), new ExitNode("done"));

        var steps = Enumerable.Range(1, 10_000).Select(id => Step(journey, Entered(journey, contact: id), Facts(), Start)).ToList();

        var held = steps.Where(s => s.Instance.Status == InstanceStatus.HeldOut).ToList();
        Assert.InRange(held.Count, 900, 1_100);
        Assert.All(held, s => Assert.Empty(s.Messages));
        Assert.All(steps.Except(held), s => Assert.Single(s.Messages));
    }
}

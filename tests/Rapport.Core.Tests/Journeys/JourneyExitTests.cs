using Rapport.Core.Journeys;
using static Rapport.Core.Tests.Journeys.Journeys;

namespace Rapport.Core.Tests.Journeys;

/// <summary>The goal, the exit rules and consent act at once, wherever the contact is; entry rules decide who may come in.</summary>
public sealed class JourneyExitTests
{
    private static readonly JourneyDefinition Reminder = ServiceReminder() with
    {
        Goal = new JourneyGoal(Event("Order Completed"), Period("P7D")),
        Exits = [new ExitRule(Event("Account Closed"))],
    };

    private static JourneyInstance Waiting() => Step(Reminder, Entered(Reminder), Facts(), Start).Instance;

    [Fact]
    public void Reaching_the_goal_ends_the_instance_as_converted_in_the_middle_of_a_wait()
    {
        var step = Step(Reminder, Waiting(), Facts([On("Order Completed", Start.AddDays(1))]), Start.AddDays(1));

        Assert.Equal(InstanceStatus.Converted, step.Instance.Status);
        Assert.Equal(StepKind.Converted, Assert.Single(step.Records).Kind);
        Assert.Empty(step.Messages);
    }

    [Fact]
    public void A_purchase_after_the_goal_window_is_not_a_conversion()
    {
        var late = On("Order Completed", Start.AddDays(8));
        var step = Step(Reminder, Waiting(), Facts([late]), Start.AddDays(8));
        var last = Step(Reminder, step.Instance, Facts([late]), Start.AddDays(8)); // after the call (an action), the next step

        Assert.DoesNotContain(step.Records.Concat(last.Records), r => r.Kind == StepKind.Converted);
        Assert.Equal(InstanceStatus.Completed, last.Instance.Status); // by its way: the e-mail, the SMS and the call
        Assert.Single(step.Messages);
    }

    [Fact]
    public void An_exit_rule_takes_the_person_out_at_once_with_the_reason()
    {
        var closed = On("Account Closed", Start.AddHours(5));
        var step = Step(Reminder, Waiting(), Facts([closed]), Start.AddHours(5));

        Assert.Equal(InstanceStatus.Exited, step.Instance.Status);
        Assert.Contains("exits[0]", step.Instance.EndReason, StringComparison.Ordinal);
        Assert.Contains(closed.MessageId, step.Instance.EndReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Withdrawing_consent_for_the_journeys_topic_ends_it_before_the_next_send()
    {
        var step = Step(Reminder, Waiting(), Facts(consent: TopicConsent.Withdrawn), Start.AddDays(3));

        Assert.Equal(InstanceStatus.Exited, step.Instance.Status);
        Assert.Empty(step.Messages); // the SMS the timeout would have sent
        Assert.Equal("withdrew consent for service", step.Instance.EndReason);
    }

    [Fact]
    public void A_contact_who_never_gave_or_withdrew_consent_for_the_topic_goes_on()
    {
        Assert.Equal(InstanceStatus.Active, Step(Reminder, Waiting(), Facts(consent: TopicConsent.None), Start.AddDays(1)).Instance.Status);
        Assert.Equal("withdrew consent for service", JourneyEntry.Refusal(Reminder, [], TopicConsent.Withdrawn, null, Start));
    }

    [Fact]
    public void The_trigger_event_itself_neither_answers_nor_exits()
    {
        var journey = Reminder with { Exits = [new ExitRule(Event("Service Due"))] };
        var trigger = On("Service Due", Start);
        var instance = Entered(journey, trigger: trigger);

        Assert.Equal(InstanceStatus.Active, Step(journey, instance, Facts([trigger]), Start).Instance.Status);
    }

    [Fact]
    public void Ending_from_outside_records_why_and_is_done_once()
    {
        var ended = JourneyStepper.End(Waiting(), InstanceStatus.Exited, "removed by an operator", Start.AddDays(1));

        Assert.Equal((InstanceStatus.Exited, "removed by an operator"), (ended.Instance.Status, ended.Instance.EndReason));
        Assert.Empty(JourneyStepper.End(ended.Instance, InstanceStatus.Exited, "again", Start.AddDays(2)).Records);
    }

    [Theory]
    [InlineData(null, 0, true, null)]
    [InlineData(null, 1, true, "entered it before, and it is entered once")]
    [InlineData("P30D", 10, true, "entered it on 2027-03-01T08:00:00.0000000+00:00, and may enter again P30D after that")]
    [InlineData("P30D", 30, true, null)]
    [InlineData(null, 0, false, "not subscribed to service")]
    public void Entry_rules(string? again, int daysSinceLastEntry, bool subscribed, string? refusal)
    {
        var journey = Reminder with { Entry = new EntryRules(again is null ? null : Period(again), null, WhileSubscribed: true) };
        JourneyInstance[] previous = daysSinceLastEntry == 0 ? [] : [Entered(journey) with { Status = InstanceStatus.Completed }];

        Assert.Equal(refusal, JourneyEntry.Refusal(journey, previous, subscribed ? TopicConsent.Subscribed : TopicConsent.None, null, Start.AddDays(daysSinceLastEntry)));
    }

    [Fact]
    public void Nobody_is_in_one_journey_twice_at_once_and_the_audience_decides()
    {
        Assert.Equal("already in the journey", JourneyEntry.Refusal(Reminder, [Waiting()], TopicConsent.Subscribed, null, Start));
        Assert.Equal("not in the journey's audience", JourneyEntry.Refusal(Reminder, [], TopicConsent.Subscribed, false, Start));
    }
}

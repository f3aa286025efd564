using System.Text.Json.Nodes;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Journeys.Simulation;
using Rapport.Core.Segments;
using static Rapport.Core.Tests.Journeys.Journeys;

namespace Rapport.Core.Tests.Journeys;

/// <summary>The simulation: a journey run on a fake clock, each person's path with its times, and the totals.</summary>
public sealed class JourneySimulatorTests
{
    private static readonly JourneyDefinition Reminder = ServiceReminder();

    private static SimulatedPerson Person(long id = 7, string zone = "UTC", IReadOnlyDictionary<string, bool>? conditions = null, TopicConsent consent = TopicConsent.None) =>
        new(id, DateTimeZoneProviders.Tzdb[zone], [], [], conditions ?? new Dictionary<string, bool>(), consent);

    private static Simulation Run(JourneyDefinition journey, ResponseModel? responses = null, int days = 30, int seed = 1, params SimulatedPerson[] people) =>
        JourneySimulator.Run(journey, people.Length == 0 ? [Person()] : people, new SimulationSettings(Start, days, responses ?? ResponseModel.Silent, seed));

    /// <summary>A welcome e-mail whose click is awaited three days, else a nudge.</summary>
    private static readonly JourneyDefinition Welcome = Journey(
        Send("hello", "wait-click"),
        new WaitForNode("wait-click", [new ResponseAnswer(Response.Clicked, "hello", "done")], Period("P3D"), "nudge"),
        Send("nudge", "done"),
        new ExitNode("done"));

    [Fact]
    public void Nobody_answering_the_service_reminder_gets_an_email_an_sms_after_three_days_and_a_call_after_five()
    {
        var simulation = Run(Reminder);

        var path = Assert.Single(simulation.People);
        Assert.Equal(PathEnd.Completed, path.End);
        Assert.Equal(
            [StepKind.Entered, StepKind.Sent, StepKind.Waiting, StepKind.TimedOut, StepKind.Sent, StepKind.Waiting, StepKind.TimedOut, StepKind.Acted, StepKind.Completed],
            path.Steps.Select(s => s.Kind));
        var call = path.Steps.Single(s => s.Kind == StepKind.Acted);
        Assert.Equal(("call", Start.AddDays(5)), (call.Node, call.At));
        Assert.Equal("+5d 00:00", SimulatedTime.After(Start, call.At));
        Assert.Equal([("remind", Channel.Email, Start), ("sms", Channel.Sms, Start.AddDays(3))], path.Messages.Select(m => (m.Node, m.Channel, m.At)));
        Assert.Equal(["Call Requested"], path.Events.Select(e => e.Name)); // only the journey's own event: nobody did anything
        Assert.Equal(new Dictionary<Channel, int> { [Channel.Email] = 1, [Channel.Sms] = 1 }, simulation.Summary.Messages);
        Assert.Contains(new PassedEdge("wait-again", "timeout", 1), simulation.Summary.Passed);
    }

    [Fact]
    public void A_booking_scripted_a_day_after_entry_converts_or_answers_and_nobody_gets_the_sms()
    {
        var booked = new ResponseModel([new ScriptedEvent(Period("P1D"), "Service Booked", [])], null);
        var withGoal = Reminder with { Goal = new JourneyGoal(Event("Service Booked"), Period("P30D")) };

        var converted = Assert.Single(Run(withGoal, booked).People);
        var answered = Assert.Single(Run(Reminder, booked).People);

        Assert.Equal((PathEnd.Converted, Start.AddDays(1)), (converted.End, converted.Steps[^1].At));
        Assert.Equal(PathEnd.Completed, answered.End);
        var answer = answered.Steps.Single(s => s.Kind == StepKind.Answered);
        Assert.Equal(("wait-booking", "answers[0]", Start.AddDays(1)), (answer.Node, answer.Edge, answer.At));
        Assert.All([converted, answered], p => Assert.Equal("remind", Assert.Single(p.Messages).Node));
    }

    [Fact]
    public void A_reply_scripted_to_a_send_node_names_its_message_and_so_answers_the_wait()
    {
        var reply = new ResponseModel([new ScriptedReply("hello", Response.Clicked, Period("PT1H"))], null);

        var path = Assert.Single(Run(Welcome, reply).People);

        var click = Assert.Single(path.Events);
        Assert.Equal(("Email Clicked", Start.AddHours(1)), (click.Name, click.Timestamp));
        Assert.Equal(path.Messages[0].MessageId, click.Properties[Responses.MessageIdProperty]!.GetValue<long>());
        Assert.Equal(("answers[0]", Start.AddHours(1)), (path.Steps.Single(s => s.Kind == StepKind.Answered).Edge, path.Steps.Single(s => s.Kind == StepKind.Answered).At));
        Assert.Single(path.Messages); // no nudge
    }

    [Fact]
    public void A_response_event_scripted_without_a_message_id_answers_the_newest_message_of_its_channel()
    {
        var path = Assert.Single(Run(Welcome, new ResponseModel([new ScriptedEvent(Period("PT2H"), "Email Clicked", [])], null)).People);

        Assert.Equal(PathEnd.Completed, path.End);
        Assert.Contains(path.Steps, s => s.Kind == StepKind.Answered && s.At == Start.AddHours(2));
    }

    [Fact]
    public void Random_responses_come_in_proportion_to_their_rates_and_again_the_same_with_the_same_seed()
    {
        var rates = new ResponseModel([], new ResponseRates(new Dictionary<Response, double> { [Response.Clicked] = 0.3 }, new Dictionary<string, double>()));
        var people = SimulatedPerson.Sample(Welcome, 1000, seed: 5);

        var first = JourneySimulator.Run(Welcome, people, new SimulationSettings(Start, 30, rates, 42));
        var again = JourneySimulator.Run(Welcome, people, new SimulationSettings(Start, 30, rates, 42));
        var other = JourneySimulator.Run(Welcome, people, new SimulationSettings(Start, 30, rates, 43));

        var clicked = first.Summary.Passed.Single(e => e.Node == "wait-click" && e.Edge == "answers[0]").Count;
        Assert.InRange(clicked, 240, 360);
        Assert.Equal(1000 - clicked, first.Summary.Passed.Single(e => e.Node == "wait-click" && e.Edge == "timeout").Count);
        Assert.Equal(1000 + (1000 - clicked), first.Summary.Messages[Channel.Email]);
        Assert.All(first.People.SelectMany(p => p.Events), e => Assert.InRange(e.Timestamp, Start, Start.AddDays(3))); // within the wait after the send
        Assert.Equal(Paths(first), Paths(again));
        Assert.NotEqual(Paths(first), Paths(other));
    }

    private static string Paths(Simulation s) =>
        string.Join('\n', s.People.SelectMany(p => p.Steps.Select(x => $"{p.ContactId} {x.Node} {x.Kind} {x.Edge} {x.At:O}")));

    [Fact]
    public void Random_events_happen_within_the_simulation_at_their_rate()
    {
        var booking = Journey(new WaitForNode("wait", [new EventAnswer(Event("Service Booked"), null, "done")], Period("P30D"), "done"), new ExitNode("done"));
        var rates = new ResponseModel([], new ResponseRates(new Dictionary<Response, double>(), new Dictionary<string, double> { ["Service Booked"] = 0.2 }));

        var simulation = Run(booking, rates, days: 10, seed: 3, people: [.. SimulatedPerson.Sample(booking, 500, 9)]);

        var answers = simulation.People.SelectMany(p => p.Steps).Where(s => s.Kind == StepKind.Answered).ToList();
        Assert.InRange(answers.Count, 70, 130);
        Assert.All(answers, a => Assert.InRange(a.At, Start, Start.AddDays(10)));
        Assert.Equal(answers.Count, simulation.People.SelectMany(p => p.Events).Count(e => e.Name == "Service Booked"));
        Assert.Equal(500 - answers.Count, simulation.Summary.Ends[PathEnd.Waiting]);
    }

    [Fact]
    public void A_wait_until_nine_follows_each_persons_clock()
    {
        var morning = Journey(
            new WaitNode("morning", new WaitUntil.LocalTimeOfDay(new LocalTime(9, 0), new HashSet<IsoDayOfWeek>()), "remind"),
            Send("remind", "done"),
            new ExitNode("done"));

        var simulation = Run(morning, people: [Person(1, "Asia/Tokyo"), Person(2, "America/New_York")]);

        var tokyo = simulation.People[0].Messages[0];
        var newYork = simulation.People[1].Messages[0];
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.Zero), tokyo.At); // 08:00 UTC is 17:00 in Tokyo: 09:00 the next day
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 14, 0, 0, TimeSpan.Zero), newYork.At); // 03:00 in New York: 09:00 the same day
        Assert.Equal("2027-03-02 09:00", SimulatedTime.Local(tokyo.At, simulation.People[0].Zone));
        Assert.Equal("2027-03-01 09:00", SimulatedTime.Local(newYork.At, simulation.People[1].Zone));
    }

    [Fact]
    public void The_simulation_stops_at_its_end_and_those_still_waiting_are_waiting_at_their_node()
    {
        var path = Assert.Single(Run(Reminder, days: 4).People);

        Assert.Equal((PathEnd.Waiting, "wait-again"), (path.End, path.Node));
        Assert.Contains("after the end of the simulation", path.Reason, StringComparison.Ordinal);
        Assert.All(path.Steps, s => Assert.True(s.At <= Start.AddDays(4)));
        Assert.Equal(new Dictionary<PathEnd, int> { [PathEnd.Waiting] = 1 }, Run(Reminder, days: 4).Summary.Ends);
    }

    [Fact]
    public void Conditions_come_from_the_person_and_those_not_given_are_false()
    {
        var audience = new TraitCondition("traits.plan", new Test(TestOperator.Exists, [], null, null));
        var branching = Journey(
            new BranchNode("which", [new Branch(audience, "gold")], "plain"),
            Send("gold", "done"),
            Send("plain", "done"),
            new ExitNode("done")) with { Entry = new EntryRules(null, audience, false) };
        string[] keys = [JourneyDefinition.AudienceKey, JourneyDefinition.ConditionKey("which", 0)];

        var simulation = Run(branching, people:
        [
            Person(1, conditions: keys.ToDictionary(k => k, _ => true)),
            Person(2, conditions: new Dictionary<string, bool> { [keys[0]] = true }),
            Person(3),
        ]);

        Assert.Equal("gold", simulation.People[0].Messages[0].Node);
        Assert.Equal("plain", simulation.People[1].Messages[0].Node);
        Assert.Equal((PathEnd.Refused, "not in the journey's audience"), (simulation.People[2].End, simulation.People[2].Reason));
        Assert.Empty(simulation.People[2].Steps);
    }

    [Fact]
    public void Withdrawn_consent_keeps_a_person_out_and_an_exit_event_takes_one_out()
    {
        var withExit = Reminder with { Exits = [new ExitRule(Event("Car Sold"))] };
        var sold = new ResponseModel([new ScriptedEvent(Period("P2D"), "Car Sold", new JsonObject { ["price"] = 9000 })], null);

        var simulation = Run(withExit, sold, people: [Person(1, consent: TopicConsent.Withdrawn), Person(2)]);

        Assert.Equal(PathEnd.Refused, simulation.People[0].End);
        Assert.Equal((PathEnd.Exited, Start.AddDays(2)), (simulation.People[1].End, simulation.People[1].Steps[^1].At));
        Assert.Equal(new Dictionary<PathEnd, int> { [PathEnd.Refused] = 1, [PathEnd.Exited] = 1 }, simulation.Summary.Ends);
    }

    [Fact]
    public void An_event_the_journey_emits_joins_the_persons_timeline_and_may_answer_a_wait()
    {
        var emitting = Journey(
            new ActionNode("book", new JourneyAction.Emit("Service Booked", []), "wait"),
            new WaitForNode("wait", [new EventAnswer(Event("Service Booked"), null, "done")], Period("P1D"), "done"),
            new ExitNode("done"));

        var path = Assert.Single(Run(emitting).People);

        Assert.Equal(("Service Booked", Start), (Assert.Single(path.Events).Name, path.Events[0].Timestamp));
        Assert.Equal(("answers[0]", Start), (path.Steps.Single(s => s.Kind == StepKind.Answered).Edge, path.Steps[^1].At));
    }

    [Fact]
    public void A_journey_that_loops_is_cut_after_so_many_steps()
    {
        var loop = Journey(Send("ping", "pause"), new WaitNode("pause", new WaitUntil.ForPeriod(Period("PT1M")), "ping"));

        var path = Assert.Single(Run(loop, days: 3650).People);

        Assert.Equal((PathEnd.Waiting, $"the simulation stopped after {JourneySimulator.MostSteps} steps"), (path.End, path.Reason));
        Assert.InRange(path.Steps.Count, JourneySimulator.MostSteps, JourneySimulator.MostSteps + 3);
    }
}

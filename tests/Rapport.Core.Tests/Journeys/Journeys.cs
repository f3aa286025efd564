using System.Text.Json.Nodes;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Segments;

namespace Rapport.Core.Tests.Journeys;

/// <summary>Journeys and facts for the step function's tests, written as records.</summary>
internal static class Journeys
{
    public static readonly DateTimeOffset Start = new(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static JourneyPeriod Period(string text) => JourneyPeriod.Parse(text) ?? throw new ArgumentException(text);

    public static EventMatch Event(string name, params PropertyFilter[] where) => new(name, where);

    public static PropertyFilter Eq(string property, string value) => new(property, new Test(TestOperator.Eq, [JsonValue.Create(value)], null, null));

    public static SendNode Send(string id, string next, Channel channel = Channel.Email) =>
        new(id, channel, new MessageContent("Your service is due", $"text of {id}", null), null, false, WhenBlocked.Skip, next);

    public static JourneyDefinition Journey(params JourneyNode[] nodes) => new(
        "service", "Service reminder", "service", [new EventTrigger(Event("Service Due"))], EntryRules.OnceEver, null, [], nodes[0].Id,
        nodes.ToDictionary(n => n.Id));

    /// <summary>The garage's reminder: e-mail, three days for a booking, then an SMS, two more days, then a call task (an emitted event).</summary>
    public static JourneyDefinition ServiceReminder() => Journey(
        Send("remind", "wait-booking"),
        new WaitForNode("wait-booking", [new EventAnswer(Event("Service Booked"), null, "thanks")], Period("P3D"), "sms"),
        Send("sms", "wait-again", Channel.Sms),
        new WaitForNode("wait-again", [new EventAnswer(Event("Service Booked"), null, "thanks")], Period("P2D"), "call"),
        new ActionNode("call", new JourneyAction.Emit("Call Requested", new JsonObject { ["reason"] = "service due" }), "done"),
        new ActionNode("thanks", new JourneyAction.SetTrait("serviceBooked", JsonValue.Create(true)), "done"),
        new ExitNode("done"));

    public static JourneyInstance Entered(JourneyDefinition journey, DateTimeOffset? at = null, JourneyEvent? trigger = null, long contact = 7) =>
        JourneyInstance.Enter(journey, 1, contact, trigger ?? On("Service Due", at ?? Start), at ?? Start) with { Id = 1 };

    private static int _next;

    public static JourneyEvent On(string name, DateTimeOffset at, JsonObject? properties = null) =>
        new($"m{Interlocked.Increment(ref _next)}", name, at, properties ?? []);

    public static JourneyFacts Facts(
        IReadOnlyList<JourneyEvent>? events = null, IReadOnlyList<SentMessage>? sent = null, IReadOnlyDictionary<string, bool>? conditions = null,
        TopicConsent consent = TopicConsent.None, string zone = "UTC", JsonObject? traits = null) =>
        new(events ?? [], sent ?? [], conditions ?? new Dictionary<string, bool>(), consent, DateTimeZoneProviders.Tzdb[zone], traits ?? []);

    public static Stepped Step(JourneyDefinition journey, JourneyInstance instance, JourneyFacts facts, DateTimeOffset now) =>
        Assert.IsType<Stepped>(JourneyStepper.Step(journey, instance, facts, now));
}

using System.Text.Json.Nodes;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;

namespace Rapport.Storage.Tests;

/// <summary>Small journeys and their steps, taken by the real step function, for the journey store's contracts.</summary>
internal static class JourneyKit
{
    /// <summary>A journey of <paramref name="nodes"/>, entered by the API at the first.</summary>
    public static JourneyDefinition Define(string key, params JourneyNode[] nodes) =>
        new(key, key, null, [new ApiTrigger()], EntryRules.OnceEver, null, [], nodes[0].Id, nodes.ToDictionary(n => n.Id));

    public static WaitNode Day(string id, string next) => new(id, new WaitUntil.ForPeriod(JourneyPeriod.Parse("P1D")!), next);

    public static SendNode Mail(string id, string next) => new(id, Channel.Email, new MessageContent("Hi", "Hello", null), null, false, WhenBlocked.Skip, next);

    public static ExitNode Done { get; } = new("done");

    /// <summary>Mails ("mail"), then waits a day ("wait").</summary>
    public static JourneyDefinition Welcome(string key) => Define(key, Mail("mail", "wait"), Day("wait", "done"), Done);

    /// <summary>Waits a day ("wait"), then mails ("mail").</summary>
    public static JourneyDefinition Reminder(string key) => Define(key, Day("wait", "mail"), Mail("mail", "done"), Done);

    /// <summary>Action nodes act-1, act-2… one after the other, then a day's wait ("wait").</summary>
    public static JourneyDefinition Acting(string key, params JourneyAction[] actions) =>
        Define(key, [.. actions.Select((a, i) => new ActionNode($"act-{i + 1}", a, i + 1 < actions.Length ? $"act-{i + 2}" : "wait")), Day("wait", "done"), Done]);

    public static Stepped Step(JourneyDefinition journey, JourneyInstance instance, DateTimeOffset now) =>
        Assert.IsType<Stepped>(JourneyStepper.Step(journey, instance, new JourneyFacts([], [], new Dictionary<string, bool>(), TopicConsent.None, DateTimeZone.Utc, []), now));

    /// <summary>The first step of a contact entering version 1 of <paramref name="journey"/> by the API.</summary>
    public static Stepped Entry(JourneyDefinition journey, long contactId, DateTimeOffset now) =>
        Step(journey, JourneyInstance.Enter(journey, 1, contactId, null, now), now);

    /// <summary>The messages a step requests, as the runner makes them ready for the outbox.</summary>
    public static IReadOnlyList<JourneyMessage> Ready(Stepped step) =>
        step.Messages.Select(m => new JourneyMessage(
            m.Node, m.Channel, m.Topic, "journey", "ann@example.com", new JsonObject { ["subject"] = ((MessageContent)m.Content).Subject }.ToJsonString())).ToList();

    /// <summary>
    /// Enters the contact (the only refusal: already in it), and writes the steps that follow at once after actions, as
    /// the runner does; returns the instance as it then stands. Fails the test when refused.
    /// </summary>
    public static async Task<JourneyInstance> EnterAsync(this IJourneyStore store, int workspaceId, JourneyDefinition journey, long contactId, DateTimeOffset now)
    {
        var first = Entry(journey, contactId, now);
        var (entered, refused) = await store.EnterAsync(workspaceId, first, Ready(first), _ => null, now, CancellationToken.None);
        Assert.Null(refused);
        var instance = entered!;
        for (var acted = first.Actions.Count > 0; acted && instance.Status == InstanceStatus.Active;)
        {
            var step = Step(journey, instance, now);
            Assert.True(await store.WriteStepAsync(workspaceId, instance, step, Ready(step), now, CancellationToken.None));
            (instance, acted) = (step.Instance with { Id = instance.Id }, step.Actions.Count > 0);
        }

        return instance;
    }
}

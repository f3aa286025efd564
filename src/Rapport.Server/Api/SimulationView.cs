using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Journeys.Simulation;

namespace Rapport.Server.Api;

/// <summary>A simulation as the API answers it: each person's path, each time also after the start and on the person's clock, and the totals.</summary>
public sealed record SimulationView(DateTimeOffset Start, DateTimeOffset End, int Days, int Seed, IReadOnlyList<SimulatedPathView> People, SimulationSummaryView Summary)
{
    public static SimulationView Of(Simulation s) => new(
        s.Settings.Start, s.Settings.End, s.Settings.Days, s.Settings.Seed, s.People.Select(p => SimulatedPathView.Of(s.Settings.Start, p)).ToList(),
        new SimulationSummaryView(
            s.Summary.People,
            s.Summary.Ends.ToDictionary(e => WireName.Of(e.Key), e => e.Value),
            s.Summary.Passed,
            s.Summary.Messages.ToDictionary(m => WireName.Of(m.Key), m => m.Value)));
}

/// <summary>One person's path: how it ended (refused, waiting, completed, converted, exited, held_out), where and why; every step, message and event.</summary>
public sealed record SimulatedPathView(
    long ContactId, string TimeZone, string End, string Node, string? Reason,
    IReadOnlyList<SimulatedStepView> Steps, IReadOnlyList<SimulatedMessageView> Messages, IReadOnlyList<SimulatedEventView> Events)
{
    public static SimulatedPathView Of(DateTimeOffset start, SimulatedPath p) => new(
        p.ContactId, p.Zone.Id, WireName.Of(p.End), p.Node, p.Reason,
        p.Steps.Select(s => new SimulatedStepView(s.Node, WireName.Of(s.Kind), s.Edge, s.Why, s.At, SimulatedTime.After(start, s.At), SimulatedTime.Local(s.At, p.Zone))).ToList(),
        p.Messages.Select(m => new SimulatedMessageView(m.MessageId, m.Node, WireName.Of(m.Channel), m.At, SimulatedTime.After(start, m.At), SimulatedTime.Local(m.At, p.Zone))).ToList(),
        p.Events.Select(e => new SimulatedEventView(e.Name, e.Properties, e.Timestamp, SimulatedTime.After(start, e.Timestamp), SimulatedTime.Local(e.Timestamp, p.Zone))).ToList());
}

/// <param name="After">How long after the start: "+5d 00:00".</param>
/// <param name="Local">The person's local date and time: "2027-03-06 09:00".</param>
public sealed record SimulatedStepView(string Node, string Kind, string? Edge, string Why, DateTimeOffset At, string After, string Local);

/// <summary>A message a send node requested (sent nowhere), with the made-up id its responses name.</summary>
public sealed record SimulatedMessageView(long MessageId, string Node, string Channel, DateTimeOffset At, string After, string Local);

/// <summary>Something the person did during the simulation: a response, a scripted or random event, an event the journey emitted.</summary>
public sealed record SimulatedEventView(string Name, JsonObject Properties, DateTimeOffset At, string After, string Local);

/// <summary>How many people were simulated, how many ended each way, how many left each node by each edge, and the messages on each channel.</summary>
public sealed record SimulationSummaryView(int People, IReadOnlyDictionary<string, int> Ends, IReadOnlyList<PassedEdge> Passed, IReadOnlyDictionary<string, int> Messages);

using NodaTime;
using Rapport.Core.Consent;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>A journey run on a fake clock: when, with which responses and seed, each person's path, and the totals.</summary>
public sealed record Simulation(SimulationSettings Settings, IReadOnlyList<SimulatedPath> People, SimulationSummary Summary);

/// <summary>
/// One person's way through the journey: every step (node, kind, edge, why, when), the messages it requested and the
/// events that came meanwhile (responses, scripted and random events, emitted ones), and how it ended: at which node, why.
/// </summary>
public sealed record SimulatedPath(
    long ContactId,
    DateTimeZone Zone,
    PathEnd End,
    string Node,
    string? Reason,
    IReadOnlyList<StepRecord> Steps,
    IReadOnlyList<SimulatedMessage> Messages,
    IReadOnlyList<JourneyEvent> Events);

/// <summary>A message a send node requested in the simulation (sent nowhere), with the made-up id its responses name.</summary>
public sealed record SimulatedMessage(long MessageId, string Node, Channel Channel, DateTimeOffset At);

/// <summary>Where a simulated person stands when the simulation ends.</summary>
public enum PathEnd
{
    /// <summary>The entry rules kept them out (consent, audience).</summary>
    Refused,

    /// <summary>Still on their way at the end of the simulation: waiting at their node.</summary>
    Waiting,

    Completed,
    Converted,
    Exited,
    HeldOut,
}

/// <summary>How many people ended each way, how many left each node by each edge, and the messages requested on each channel.</summary>
public sealed record SimulationSummary(
    int People, IReadOnlyDictionary<PathEnd, int> Ends, IReadOnlyList<PassedEdge> Passed, IReadOnlyDictionary<Channel, int> Messages)
{
    public static SimulationSummary Of(IReadOnlyList<SimulatedPath> paths) => new(
        paths.Count,
        paths.GroupBy(p => p.End).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
        [.. paths.SelectMany(p => p.Steps).Where(s => s.Edge is not null).GroupBy(s => (s.Node, Edge: s.Edge!))
            .Select(g => new PassedEdge(g.Key.Node, g.Key.Edge, g.Count()))
            .OrderBy(e => e.Node, StringComparer.Ordinal).ThenBy(e => e.Edge, StringComparer.Ordinal)],
        paths.SelectMany(p => p.Messages).GroupBy(m => m.Channel).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()));
}

/// <summary>How many times people left <paramref name="Node"/> by <paramref name="Edge"/>.</summary>
public sealed record PassedEdge(string Node, string Edge, int Count);

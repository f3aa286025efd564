using System.Text.Json.Nodes;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>
/// How the people of a simulation answer: a <see cref="Script"/> that says what each does and when, chances
/// (<see cref="Rates"/>), or both. <see cref="Silent"/>: nobody answers anything.
/// </summary>
public sealed record ResponseModel(IReadOnlyList<ScriptedResponse> Script, ResponseRates? Rates)
{
    public static ResponseModel Silent { get; } = new([], null);
}

/// <summary>Something every simulated person does, at a set time. A closed set.</summary>
public abstract record ScriptedResponse
{
    private protected ScriptedResponse()
    {
    }

    /// <summary>How long after entry (an event) or after the message (a reply) it happens, on the person's calendar.</summary>
    public abstract JourneyPeriod After { get; init; }
}

/// <summary>
/// The person does <paramref name="EventName"/> this long after entering. A response event named so ("Email Clicked")
/// without a messageId answers the newest message of that channel requested by then.
/// </summary>
public sealed record ScriptedEvent(JourneyPeriod After, string EventName, JsonObject Properties) : ScriptedResponse;

/// <summary>The person answers each message that send node <paramref name="Node"/> requests with <paramref name="Response"/>, this long after it.</summary>
public sealed record ScriptedReply(string Node, Response Response, JourneyPeriod After) : ScriptedResponse;

/// <summary>
/// Chances from 0 to 1. Each message gets each response of <paramref name="Responses"/> with its chance, drawn on its own,
/// at a random moment of the wait after the send (a day when no wait follows it). Each person does each event of
/// <paramref name="Events"/> with its chance, once, at a random moment of the simulation.
/// </summary>
public sealed record ResponseRates(IReadOnlyDictionary<Response, double> Responses, IReadOnlyDictionary<string, double> Events);

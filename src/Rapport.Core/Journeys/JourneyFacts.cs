using System.Text.Json.Nodes;
using NodaTime;

namespace Rapport.Core.Journeys;

/// <summary>
/// What the runner loaded about the contact for a step: their events since the instance started (oldest first), the
/// messages this instance requested, the journey's conditions it has evaluated for them (by
/// <see cref="JourneyDefinition.ConditionKey"/>; a step that needs one it lacks asks for it), whether they are
/// subscribed to the journey's topic, their time zone and their traits.
/// </summary>
public sealed record JourneyFacts(
    IReadOnlyList<JourneyEvent> Events,
    IReadOnlyList<SentMessage> Sent,
    IReadOnlyDictionary<string, bool> Conditions,
    bool Subscribed,
    DateTimeZone Zone,
    JsonObject Traits);

/// <summary>A message a send node of the instance requested.</summary>
public sealed record SentMessage(string Node, long MessageId);

using System.Text.Json.Nodes;

namespace Rapport.Core.Journeys;

/// <summary>Where one contact's run through one version of a journey stands.</summary>
/// <param name="Node">The node the contact is at (the start node before the first step).</param>
/// <param name="NodeSince">When the contact came to <paramref name="Node"/>: the start of its wait.</param>
/// <param name="DueAt">When the instance must be looked at again even if nothing happens (a wait's end, a timeout); null: only an event moves it.</param>
/// <param name="Steps">How many steps were recorded: each step writes the next numbers, and a step whose count is stale is refused.</param>
/// <param name="Variant">The variant a split gave the contact, for measurement.</param>
/// <param name="Trigger">The event that entered the contact (null: entered by the API), to which answers may be correlated.</param>
/// <param name="UsedAnswers">The events already taken as answers, so that a loop back to a wait-for waits for a new one.</param>
public sealed record JourneyInstance(
    long Id,
    string Journey,
    int Version,
    long ContactId,
    InstanceStatus Status,
    string Node,
    DateTimeOffset EnteredAt,
    DateTimeOffset NodeSince,
    DateTimeOffset? DueAt,
    int Steps,
    string? Variant,
    JourneyEvent? Trigger,
    IReadOnlyList<string> UsedAnswers,
    DateTimeOffset? EndedAt = null,
    string? EndReason = null)
{
    /// <summary>A contact entering <paramref name="definition"/> (version <paramref name="version"/>) now.</summary>
    public static JourneyInstance Enter(JourneyDefinition definition, int version, long contactId, JourneyEvent? trigger, DateTimeOffset now) =>
        new(0, definition.Key, version, contactId, InstanceStatus.Active, definition.Start, now, now, now, 0, null, trigger, []);
}

public enum InstanceStatus
{
    /// <summary>On its way (waiting, or due for its next step).</summary>
    Active,

    /// <summary>Reached an exit node.</summary>
    Completed,

    /// <summary>Reached the journey's goal.</summary>
    Converted,

    /// <summary>Taken out: an exit rule, consent withdrawn, removed by an operator, or the journey stopped.</summary>
    Exited,

    /// <summary>Put in the control group of a holdout: gets nothing more, and is measured against the rest.</summary>
    HeldOut,
}

/// <summary>One event on the contact's timeline, as a journey reads it.</summary>
public sealed record JourneyEvent(string MessageId, string Name, DateTimeOffset Timestamp, JsonObject Properties);

using System.Text.Json.Nodes;
using Rapport.Core.Value;

namespace Rapport.Core.Events;

/// <summary>
/// An event Rapport itself records on a contact's timeline, in the transaction of the change it tells of
/// (source <see cref="ReservedEvents.Source"/>). Journeys trigger on them like on any tracked event.
/// </summary>
public abstract record RapportEvent
{
    /// <summary>The event's name, one of <see cref="ReservedEvents.Names"/>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// What the event is about (the segment, the stage reached): with the contact and the time it makes the
    /// event's message id, so the same event written twice is stored once.
    /// </summary>
    public abstract string Key { get; }

    /// <summary>The properties as stored on the timeline.</summary>
    public abstract JsonObject Properties();
}

/// <summary>The contact became a member of <paramref name="Segment"/> (its key): {"segment": key}.</summary>
public sealed record SegmentEntered(string Segment) : RapportEvent
{
    public override string Name => ReservedEvents.SegmentEntered;

    public override string Key => Segment;

    public override JsonObject Properties() => new() { ["segment"] = Segment };
}

/// <summary>The contact left <paramref name="Segment"/> (its key), or it was deleted: {"segment": key}.</summary>
public sealed record SegmentExited(string Segment) : RapportEvent
{
    public override string Name => ReservedEvents.SegmentExited;

    public override string Key => Segment;

    public override JsonObject Properties() => new() { ["segment"] = Segment };
}

/// <summary>The contact moved on the ladder of loyalty: {"from": "prospect", "to": "customer"}.</summary>
public sealed record StageChanged(LoyaltyStage From, LoyaltyStage To) : RapportEvent
{
    public override string Name => ReservedEvents.StageChanged;

    public override string Key => WireName.Of(To);

    public override JsonObject Properties() => new() { ["from"] = WireName.Of(From), ["to"] = WireName.Of(To) };
}

/// <summary>The contact entered a journey: {"journey", "version", "instance"}. Segments and other journeys may follow it.</summary>
public sealed record JourneyEntered(string Journey, int Version, long Instance) : RapportEvent
{
    public override string Name => ReservedEvents.JourneyEntered;

    public override string Key => $"{Journey}:{Instance}";

    public override JsonObject Properties() => new() { ["journey"] = Journey, ["version"] = Version, ["instance"] = Instance };
}

/// <summary>
/// A step of the contact's run through a journey, between its entry and its end: {"journey", "version", "instance",
/// "step" (its number on the instance), "node", "kind" (sent, waiting, waited, answered, timed_out, branched, split,
/// acted, webhook_failed), "edge", "why"}: what the journey did with them and why, on their timeline.
/// </summary>
public sealed record JourneyStepped(string Journey, int Version, long Instance, int StepNo, Journeys.StepRecord Step) : RapportEvent
{
    public override string Name => ReservedEvents.JourneyStep;

    public override string Key => $"{Journey}:{Instance}:{StepNo}";

    /// <summary>Whether a record is told by this event; the entry and the end are told by Journey Entered and Journey Ended.</summary>
    public static bool Tells(Journeys.StepKind kind) => kind is not (Journeys.StepKind.Entered or Journeys.StepKind.Completed
        or Journeys.StepKind.Converted or Journeys.StepKind.Exited or Journeys.StepKind.HeldOut);

    public override JsonObject Properties() => new()
    {
        ["journey"] = Journey, ["version"] = Version, ["instance"] = Instance, ["step"] = StepNo, ["node"] = Step.Node,
        ["kind"] = WireName.Of(Step.Kind), ["edge"] = Step.Edge, ["why"] = Step.Why,
    };
}

/// <summary>
/// The contact's run through a journey ended: {"journey", "version", "instance", "status": completed | converted | exited |
/// held_out, "reason"}. A journey that starts when another ends triggers on it.
/// </summary>
public sealed record JourneyEnded(string Journey, int Version, long Instance, Journeys.InstanceStatus Status, string? Reason) : RapportEvent
{
    public override string Name => ReservedEvents.JourneyEnded;

    public override string Key => $"{Journey}:{Instance}";

    public override JsonObject Properties() => new()
    {
        ["journey"] = Journey, ["version"] = Version, ["instance"] = Instance, ["status"] = WireName.Of(Status), ["reason"] = Reason,
    };
}

/// <summary>
/// An e-mail was handed to its channel: {"message" (its id), "journey", "node" (null for one not sent by a journey),
/// "topic"}. On the timeline only.
/// </summary>
public sealed record EmailSent(long Message, string? Journey, string? Node, string? Topic) : RapportEvent
{
    public override string Name => ReservedEvents.EmailSent;

    public override string Key => Message.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override JsonObject Properties() => new() { ["message"] = Message, ["journey"] = Journey, ["node"] = Node, ["topic"] = Topic };
}

/// <summary>
/// An e-mail may not go yet (the contact policy, or its channel's passing trouble): {"message", "journey", "node", "until"
/// (when it is tried again), "reason"}. On the timeline only.
/// </summary>
public sealed record EmailDeferred(long Message, string? Journey, string? Node, DateTimeOffset Until, string Reason) : RapportEvent
{
    public override string Name => ReservedEvents.EmailDeferred;

    public override string Key => Message.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override JsonObject Properties() => new()
    {
        ["message"] = Message, ["journey"] = Journey, ["node"] = Node, ["until"] = Until.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["reason"] = Reason,
    };
}

/// <summary>
/// The recipient's server reported an e-mail delivered: {"messageId", "journey", "node", "topic"}. A journey's wait-for
/// answers "delivered" with it (<see cref="Journeys.Responses"/> names the message by messageId).
/// </summary>
public sealed record EmailDelivered(long Message, string? Journey, string? Node, string? Topic) : RapportEvent
{
    public override string Name => ReservedEvents.EmailDelivered;

    public override string Key => Message.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override JsonObject Properties() => new()
    {
        [Journeys.Responses.MessageIdProperty] = Message, ["journey"] = Journey, ["node"] = Node, ["topic"] = Topic,
    };
}

/// <summary>
/// The recipient's server reported an e-mail failed for good: {"messageId", "journey", "node", "topic", "status" (5.1.1),
/// "diagnostic" (the server's words)}. A journey's wait-for answers "bounced" with it.
/// </summary>
public sealed record EmailBounced(long Message, string? Journey, string? Node, string? Topic, string Status, string? Diagnostic) : RapportEvent
{
    public override string Name => ReservedEvents.EmailBounced;

    public override string Key => Message.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override JsonObject Properties() => new()
    {
        [Journeys.Responses.MessageIdProperty] = Message, ["journey"] = Journey, ["node"] = Node, ["topic"] = Topic,
        ["status"] = Status, ["diagnostic"] = Diagnostic,
    };
}

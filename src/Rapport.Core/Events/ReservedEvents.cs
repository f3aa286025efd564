using System.Collections.Frozen;

namespace Rapport.Core.Events;

/// <summary>
/// The names of the events Rapport itself records on contacts' timelines (<see cref="RapportEvent"/>), in
/// one place. They are reserved: a tracked <c>track</c> with one of them is rejected, so no sender can fake
/// an entry into a segment or a move on the ladder. Names compare as segments compare event names: exactly,
/// by their characters (case matters), after the reader's trim.
/// </summary>
public static class ReservedEvents
{
    /// <summary>The source of every event Rapport records itself.</summary>
    public const string Source = "rapport";

    public const string SegmentEntered = "Segment Entered";
    public const string SegmentExited = "Segment Exited";
    public const string StageChanged = "Stage Changed";

    public const string JourneyEntered = "Journey Entered";

    public const string JourneyEnded = "Journey Ended";

    public const string JourneyStep = "Journey Step";

    public const string EmailSent = "Email Sent";

    public const string EmailDeferred = "Email Deferred";

    /// <summary>What a journey's wait-for answers "delivered" with (<see cref="Journeys.Responses.EventName"/>).</summary>
    public const string EmailDelivered = "Email Delivered";

    /// <summary>What a journey's wait-for answers "bounced" with.</summary>
    public const string EmailBounced = "Email Bounced";

    /// <summary>Every reserved name (e-mail events join it as they come).</summary>
    public static readonly FrozenSet<string> Names =
        new[] { SegmentEntered, SegmentExited, StageChanged, JourneyEntered, JourneyStep, JourneyEnded, EmailSent, EmailDeferred, EmailDelivered, EmailBounced }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsReserved(string eventName) => Names.Contains(eventName);

    /// <summary>
    /// Why a segment or journey may not follow an event of this name, or null: a Journey Step and the e-mail events are
    /// written for the timeline only, with no work for the upkeep or the journeys, so nothing that follows events would see
    /// them come.
    /// </summary>
    public static string? NotFollowed(string eventName) => eventName switch
    {
        JourneyStep => $"'{JourneyStep}' is on the timeline only: follow '{JourneyEntered}' or '{JourneyEnded}', or the events and messages of the journey",
        EmailSent or EmailDeferred => $"'{eventName}' is on the timeline only: follow the messages a contact received",
        _ => null,
    };
}

namespace Rapport.Core.Journeys;

/// <summary>
/// What enters a contact into a journey. A closed set: every switch over it ends in UnreachableException. Entering or
/// leaving a segment and a change of stage are Rapport's own events (Segment Entered, Segment Exited, Stage Changed),
/// so they are event triggers.
/// </summary>
public abstract record JourneyTrigger
{
    private protected JourneyTrigger()
    {
    }
}

/// <summary>The contact did <see cref="Event"/>; the event is the instance's trigger, to which later answers may be correlated.</summary>
public sealed record EventTrigger(EventMatch Event) : JourneyTrigger;

/// <summary>An operator or a backend enters contacts with POST /api/v1/journeys/{key}/entries.</summary>
public sealed record ApiTrigger : JourneyTrigger;

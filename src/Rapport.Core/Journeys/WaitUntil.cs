using NodaTime;

namespace Rapport.Core.Journeys;

/// <summary>How long a wait node waits. A closed set.</summary>
public abstract record WaitUntil
{
    private protected WaitUntil()
    {
    }

    /// <summary>For a period (PT30S … P6M) from arrival.</summary>
    public sealed record ForPeriod(JourneyPeriod Period) : WaitUntil;

    /// <summary>Until the next <paramref name="Time"/> in the contact's time zone, on one of <paramref name="Days"/> (empty: any day).</summary>
    public sealed record LocalTimeOfDay(LocalTime Time, IReadOnlySet<IsoDayOfWeek> Days) : WaitUntil;

    /// <summary>
    /// Until a date in the profile (a trait such as traits.serviceDue) moved by <paramref name="OffsetDays"/>, at
    /// <paramref name="Time"/> in the contact's time zone. A contact without that date, or whose moment has passed, goes on at once.
    /// </summary>
    public sealed record ProfileDate(string Trait, int OffsetDays, LocalTime Time) : WaitUntil;
}

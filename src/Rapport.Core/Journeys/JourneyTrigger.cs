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

/// <summary>
/// A broadcast: everyone in <see cref="Segment"/> at that moment enters, once at <see cref="At"/>, or at every time of a
/// cron expression (<see cref="Cron"/>, five fields) in <see cref="TimeZone"/> (IANA; the monthly newsletter on the
/// first at 09:00 in Warsaw).
/// </summary>
public sealed record BroadcastTrigger(string Segment, DateTimeOffset? At, Cronos.CronExpression? Cron, string? CronText, string TimeZone) : JourneyTrigger
{
    /// <summary>The broadcast's times after <paramref name="from"/> up to and with <paramref name="to"/>, oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (At is { } at)
        {
            return at > from && at <= to ? [at] : [];
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        return Cron!.GetOccurrences(from.UtcDateTime, to.UtcDateTime, zone, fromInclusive: false, toInclusive: true)
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero));
    }

    /// <summary>The message id of the trigger event a broadcast's entries carry: entering on it twice is refused.</summary>
    public static string MessageId(string journey, DateTimeOffset at) => $"broadcast:{journey}:{at.ToUnixTimeMilliseconds()}";
}

/// <summary>
/// A date in the profile: each contact enters at <see cref="Time"/> in their time zone on the date a trait holds
/// (traits.serviceDue, traits.contractEnds) moved by <see cref="OffsetDays"/> (-14: two weeks before); with
/// <see cref="Yearly"/>, on its anniversary every year (a birthday).
/// </summary>
public sealed record DateTrigger(string Trait, int OffsetDays, NodaTime.LocalTime Time, bool Yearly) : JourneyTrigger
{
    /// <summary>When the contact enters, within (<paramref name="from"/>, <paramref name="to"/>]; null: not in that time.</summary>
    public DateTimeOffset? MomentBetween(System.Text.Json.Nodes.JsonObject traits, NodaTime.DateTimeZone zone, DateTimeOffset from, DateTimeOffset to)
    {
        if (JourneyClock.ProfileDate(traits, Trait) is not { } date)
        {
            return null;
        }

        var years = Yearly ? Enumerable.Range(from.Year - 1, to.Year - from.Year + 3) : [date.Year];
        foreach (var year in years)
        {
            var day = Yearly ? new NodaTime.LocalDate(year, date.Month, Math.Min(date.Day, NodaTime.CalendarSystem.Iso.GetDaysInMonth(year, date.Month))) : date;
            var moment = JourneyClock.At(day.PlusDays(OffsetDays), Time, zone);
            if (moment > from && moment <= to)
            {
                return moment;
            }
        }

        return null;
    }

    /// <summary>The message id of the trigger event of one contact's date: entering on it twice is refused.</summary>
    public static string MessageId(string journey, long contactId, DateTimeOffset at) => $"date:{journey}:{contactId}:{at.ToUnixTimeMilliseconds()}";
}

using NodaTime;
using NodaTime.TimeZones;
using NodaTime.Text;

namespace Rapport.Core.Journeys;

/// <summary>
/// A length of time as ISO 8601 writes it (PT30S, PT2H, P14D, P1M, P1Y2M3DT4H). Days, weeks, months and years are
/// counted on the contact's calendar, in their time zone (P1D across a change to summer time is 23 hours, 09:00 stays
/// 09:00); hours, minutes and seconds are elapsed time.
/// </summary>
public sealed record JourneyPeriod
{
    private JourneyPeriod(Period period, string text)
    {
        Period = period;
        Text = text;
    }

    public Period Period { get; }

    /// <summary>The period as it was written.</summary>
    public string Text { get; }

    /// <summary>The longest period a journey may wait: ten years.</summary>
    public static readonly Duration Longest = Duration.FromDays(3653);

    public static JourneyPeriod? Parse(string? text)
    {
        if (text is null || PeriodPattern.NormalizingIso.Parse(text) is not { Success: true } parsed)
        {
            return null;
        }

        var period = parsed.Value;
        if (!WithinTenYears(period))
        {
            return null; // checked before any arithmetic: P99999999D would not fit in a calendar
        }

        var start = new LocalDateTime(2000, 1, 1, 0, 0);
        var length = (start + period).InUtc().ToInstant() - start.InUtc().ToInstant();
        return length > Duration.Zero && length <= Longest ? new JourneyPeriod(period, text) : null;
    }

    /// <summary>Every part is zero or more, and together they are at most about ten years (a year counted as 366 days).</summary>
    private static bool WithinTenYears(Period p)
    {
        long[] parts = [p.Years, p.Months, p.Weeks, p.Days, p.Hours, p.Minutes, p.Seconds, p.Milliseconds, p.Ticks, p.Nanoseconds];
        var days = (p.Years * 366.0) + (p.Months * 31.0) + (p.Weeks * 7.0) + p.Days + (p.Hours / 24.0) + (p.Minutes / 1440.0)
                   + (p.Seconds / 86400.0) + (p.Milliseconds / 86_400_000.0) + (p.Ticks / 864_000_000_000.0) + (p.Nanoseconds / 86_400_000_000_000.0);
        return parts.All(part => part >= 0) && days <= 3700;
    }

    /// <summary>When this period after <paramref name="from"/> ends, for a contact in <paramref name="zone"/>.</summary>
    public DateTimeOffset After(DateTimeOffset from, DateTimeZone zone)
    {
        var dates = Period.FromYears(Period.Years) + Period.FromMonths(Period.Months) + Period.FromWeeks(Period.Weeks) + Period.FromDays(Period.Days);
        var times = Period - dates;
        var start = Instant.FromDateTimeOffset(from).InZone(zone);
        var local = start.LocalDateTime + dates;
        var moved = local.InZone(zone, Resolvers.LenientResolver).ToInstant();
        return (moved + times.Normalize().ToDuration()).ToDateTimeOffset();
    }

    public override string ToString() => Text;
}

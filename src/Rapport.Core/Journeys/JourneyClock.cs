using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.TimeZones;
using NodaTime.Text;

namespace Rapport.Core.Journeys;

/// <summary>
/// When a wait ends, in the contact's time zone. A local time that falls in a daylight-saving gap (02:30 on the night the
/// clocks go forward) is taken as the moment after the gap; one that comes twice (the night they go back), the first time.
/// </summary>
public static class JourneyClock
{
    public static DateTimeOffset End(WaitUntil until, DateTimeOffset from, DateTimeZone zone, JsonObject traits) => until switch
    {
        WaitUntil.ForPeriod p => p.Period.After(from, zone),
        WaitUntil.LocalTimeOfDay t => NextLocalTime(from, zone, t.Time, t.Days),
        WaitUntil.ProfileDate d => ProfileDate(traits, d.Trait) is { } date
            ? Max(from, At(date.PlusDays(d.OffsetDays), d.Time, zone))
            : from,
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// The first moment after <paramref name="from"/> when it is <paramref name="time"/> on one of <paramref name="days"/> (empty: any) in the
    /// zone: a wait reached at 09:00 waits for the next 09:00, so a loop through it goes round once a day.
    /// </summary>
    public static DateTimeOffset NextLocalTime(DateTimeOffset from, DateTimeZone zone, LocalTime time, IReadOnlySet<IsoDayOfWeek> days)
    {
        var date = Instant.FromDateTimeOffset(from).InZone(zone).Date;
        for (var i = 0; i < 15; i++, date = date.PlusDays(1))
        {
            if ((days.Count == 0 || days.Contains(date.DayOfWeek)) && At(date, time, zone) is var candidate && candidate > from)
            {
                return candidate;
            }
        }

        throw new UnreachableException("every weekday comes within two weeks");
    }

    /// <summary>The moment it is <paramref name="time"/> on <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset At(LocalDate date, LocalTime time, DateTimeZone zone) =>
        (date + time).InZone(zone, Resolvers.LenientResolver).ToDateTimeOffset();

    /// <summary>A contact's zone by its IANA name; unknown or none: UTC.</summary>
    public static DateTimeZone Zone(string? name) =>
        name is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(name) is { } zone ? zone : DateTimeZone.Utc;

    private const int MinYear = 1000;
    private const int MaxYear = 9000;

    /// <summary>A date in the profile: "2027-03-14" or an ISO 8601 date and time (its date is taken); null when absent, not a date, or outside the years 1000–9000.</summary>
    public static LocalDate? ProfileDate(JsonObject traits, string trait)
    {
        var path = trait.StartsWith("traits.", StringComparison.Ordinal) ? trait["traits.".Length..] : trait;
        if (Segments.ValueTests.At(traits, path) is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        var date = LocalDatePattern.Iso.Parse(text) is { Success: true } day ? day.Value
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment) ? LocalDate.FromDateTime(moment.DateTime)
            : (LocalDate?)null;
        return date is { Year: >= MinYear and <= MaxYear } ? date : null; // ten years of offset either way stay in the calendar
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

using System.Globalization;
using NodaTime;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>How a simulated path tells its times: after the start, and on the person's own clock.</summary>
public static class SimulatedTime
{
    /// <summary>Days, hours and minutes after <paramref name="start"/>: "+5d 00:00".</summary>
    public static string After(DateTimeOffset start, DateTimeOffset at)
    {
        var span = at - start;
        return string.Create(CultureInfo.InvariantCulture, $"+{(int)span.TotalDays}d {span.Hours:00}:{span.Minutes:00}");
    }

    /// <summary>The local date and time in <paramref name="zone"/>: "2027-03-01 09:00".</summary>
    public static string Local(DateTimeOffset at, DateTimeZone zone) =>
        Instant.FromDateTimeOffset(at).InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

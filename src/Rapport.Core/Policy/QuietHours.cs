using NodaTime;
using NodaTime.Text;

namespace Rapport.Core.Policy;

/// <summary>
/// Local times of day when nothing marketing goes out on a channel, from <see cref="Start"/> (included) to
/// <see cref="End"/> (excluded); when End comes before Start the hours wrap midnight (21:00–08:00).
/// </summary>
public sealed record QuietHours(LocalTime Start, LocalTime End)
{
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public bool WrapsMidnight => End < Start;

    /// <summary>Whether <paramref name="time"/> (a local time of day) is quiet.</summary>
    public bool Contains(LocalTime time) => WrapsMidnight ? time >= Start || time < End : time >= Start && time < End;

    /// <summary>The local date whose <see cref="End"/> ends the quiet hours that <paramref name="local"/> is in.</summary>
    public LocalDate EndDate(LocalDateTime local) => WrapsMidnight && local.TimeOfDay >= Start ? local.Date.PlusDays(1) : local.Date;

    /// <summary>"21:00–08:00".</summary>
    public override string ToString() => $"{Clock.Format(Start)}–{Clock.Format(End)}";
}

using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Policy;

namespace Rapport.Core.Tests.Policy;

/// <summary>
/// Whether a marketing message may go at a moment, written plainly and apart from the gate: with it, counted in the
/// person's zone, no cap is passed, the interval since every marketing message has run, it is not quiet, and the
/// person's frequency for the topic has come round.
/// </summary>
internal static class GateOracle
{
    public static bool Allows(GateCase c, DateTimeOffset at)
    {
        var zone = DateTimeZoneProviders.Tzdb[c.Zone];
        var today = Local(at, zone).Date;
        var channel = c.Message.Channel;
        var counted = c.Sent.Where(m => m.Channel == channel && (m.Kind != MessageKind.Transactional || c.Policy.TransactionalCounts))
            .Select(m => Local(m.SentAt, zone).Date).ToList();
        var caps = c.Policy.CapsOf(channel);
        var monday = today.PlusDays(1 - (int)today.DayOfWeek);
        if ((caps.PerDay is { } day && counted.Count(d => d == today) + 1 > day)
            || (caps.PerWeek is { } week && counted.Count(d => d >= monday && d < monday.PlusDays(7)) + 1 > week)
            || (caps.PerMonth is { } month && counted.Count(d => d.Year == today.Year && d.Month == today.Month) + 1 > month))
        {
            return false;
        }

        var marketing = c.Sent.Where(m => m.Kind != MessageKind.Transactional).ToList();
        if (c.Policy.MinimumInterval is { } interval && marketing.Any(m => at < interval.After(m.SentAt, zone)))
        {
            return false;
        }

        if (c.Policy.QuietHoursOf(channel) is { } quiet && Local(at, zone).TimeOfDay is var time
            && (quiet.Start < quiet.End ? time >= quiet.Start && time < quiet.End : time >= quiet.Start || time < quiet.End))
        {
            return false;
        }

        return !marketing.Any(m => m.Channel == channel && m.Topic == c.Message.Topic && today < Round(c.Frequency, Local(m.SentAt, zone).Date));
    }

    private static LocalDate Round(Frequency frequency, LocalDate sent) => frequency switch
    {
        Frequency.Daily => sent.PlusDays(1),
        Frequency.Weekly => sent.PlusDays(7),
        Frequency.Monthly => sent.PlusMonths(1),
        Frequency.Quarterly => sent.PlusMonths(3),
        _ => sent,
    };

    private static LocalDateTime Local(DateTimeOffset at, DateTimeZone zone) => Instant.FromDateTimeOffset(at).InZone(zone).LocalDateTime;
}

using System.Diagnostics;
using NodaTime;
using Rapport.Core.Consent;

namespace Rapport.Core.Policy;

/// <summary>
/// The rules that may hold a marketing message back at a moment, in the gate's order: the person's own frequency for the
/// topic, the channel's caps, the minimum interval, quiet hours. Each says the earliest moment it lets the message go.
/// Calendar windows are local dates in the person's zone, so a day is their day across a daylight-saving change.
/// </summary>
internal sealed class GateRules(GateMessage message, Frequency frequency, ContactPolicy policy, DateTimeZone zone, IReadOnlyList<PastMessage> sent)
{
    private readonly ChannelCaps _caps = policy.CapsOf(message.Channel);
    private readonly QuietHours? _quiet = policy.QuietHoursOf(message.Channel);

    /// <summary>Every rule that holds the message back at <paramref name="at"/>; none: it may go then.</summary>
    public List<GateHold> HoldsAt(Instant at)
    {
        var holds = new List<GateHold>(4);
        var local = at.InZone(zone).LocalDateTime;
        Add(holds, Frequency(local.Date, at));
        foreach (var window in (ReadOnlySpan<CapWindow>)[CapWindow.Day, CapWindow.Week, CapWindow.Month])
        {
            Add(holds, Cap(window, local.Date, at));
        }

        Add(holds, Interval(at));
        Add(holds, Quiet(local, at));
        return holds;
    }

    /// <summary>The first moment it is <paramref name="local"/> in the zone after <paramref name="after"/>: in a gap, when the gap ends; twice, the first after.</summary>
    public static Instant FirstAt(LocalDateTime local, DateTimeZone zone, Instant after)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count switch
        {
            0 => mapping.LateInterval.Start,
            1 => mapping.Single().ToInstant(),
            _ => mapping.First().ToInstant() > after ? mapping.First().ToInstant() : mapping.Last().ToInstant(),
        };
    }

    public static LocalDate WindowStart(CapWindow window, LocalDate date) => window switch
    {
        CapWindow.Day => date,
        CapWindow.Week => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
        CapWindow.Month => date.With(DateAdjusters.StartOfMonth),
        _ => throw new UnreachableException(),
    };

    public static LocalDate NextWindow(CapWindow window, LocalDate date) => window switch
    {
        CapWindow.Day => date.PlusDays(1),
        CapWindow.Week => WindowStart(window, date).PlusWeeks(1),
        CapWindow.Month => WindowStart(window, date).PlusMonths(1),
        _ => throw new UnreachableException(),
    };

    /// <summary>The first local date a message of a topic may go again after one went on <paramref name="date"/>, for a person who asked for <paramref name="frequency"/>; null: no limit.</summary>
    public static LocalDate? NextByFrequency(Frequency frequency, LocalDate date) => frequency switch
    {
        Consent.Frequency.AsSent => null,
        Consent.Frequency.Daily => date.PlusDays(1),
        Consent.Frequency.Weekly => date.PlusDays(7),
        Consent.Frequency.Monthly => date.PlusMonths(1),
        Consent.Frequency.Quarterly => date.PlusMonths(3),
        _ => throw new UnreachableException(),
    };

    private static void Add(List<GateHold> holds, GateHold? hold)
    {
        if (hold is not null)
        {
            holds.Add(hold);
        }
    }

    /// <summary>
    /// The person's own choice for the topic on this channel: weekly is at most one in 7 local days (sent on a Tuesday,
    /// the next may go from the next Tuesday 00:00), monthly from the same date of the next month, and so on.
    /// </summary>
    private GateHold? Frequency(LocalDate today, Instant at)
    {
        LocalDate? until = null;
        LocalDate last = default;
        foreach (var m in sent)
        {
            if (m.IsMarketing && m.Channel == message.Channel && m.Topic == message.Topic
                && NextByFrequency(frequency, LocalDate(m.SentAt)) is { } next && next > today && (until is null || next > until))
            {
                (until, last) = (next, LocalDate(m.SentAt));
            }
        }

        if (until is not { } date)
        {
            return null;
        }

        var when = FirstAt(date.AtMidnight(), zone, at);
        return new GateHold(when, $"asked for {message.Topic} by {GateWords.Of(message.Channel)} {GateWords.Of(frequency)}; "
                                  + $"the last went on {GateWords.DateOf(last)}, the next may go from {GateWords.Local(when, zone)}");
    }

    private GateHold? Cap(CapWindow window, LocalDate today, Instant at)
    {
        var cap = window switch
        {
            CapWindow.Day => _caps.PerDay,
            CapWindow.Week => _caps.PerWeek,
            CapWindow.Month => _caps.PerMonth,
            _ => throw new UnreachableException(),
        };
        if (cap is not { } limit)
        {
            return null;
        }

        var (start, end) = (WindowStart(window, today), NextWindow(window, today));
        var count = 0;
        foreach (var m in sent)
        {
            if (m.Channel == message.Channel && (m.IsMarketing || policy.TransactionalCounts) && LocalDate(m.SentAt) is var d && d >= start && d < end)
            {
                count++;
            }
        }

        if (count < limit)
        {
            return null;
        }

        var when = FirstAt(end.AtMidnight(), zone, at);
        var (adjective, noun) = window switch
        {
            CapWindow.Day => ("daily", "day"),
            CapWindow.Week => ("weekly", "week"),
            CapWindow.Month => ("monthly", "month"),
            _ => throw new UnreachableException(),
        };
        return new GateHold(when, $"{adjective} {GateWords.Of(message.Channel)} cap of {limit} reached; next {noun} starts {GateWords.Local(when, zone)}");
    }

    private GateHold? Interval(Instant at)
    {
        if (policy.MinimumInterval is not { } interval)
        {
            return null;
        }

        Instant? until = null;
        var last = at;
        foreach (var m in sent)
        {
            var end = Instant.FromDateTimeOffset(interval.After(m.SentAt, zone));
            if (m.IsMarketing && end > at && (until is null || end > until))
            {
                (until, last) = (end, Instant.FromDateTimeOffset(m.SentAt));
            }
        }

        return until is { } when
            ? new GateHold(when, $"minimum interval of {interval} between marketing messages; the last went {GateWords.Local(last, zone)}, "
                                 + $"the next may go from {GateWords.Local(when, zone)}")
            : null;
    }

    private GateHold? Quiet(LocalDateTime local, Instant at)
    {
        if (_quiet is not { } quiet || !quiet.Contains(local.TimeOfDay))
        {
            return null;
        }

        var date = quiet.EndDate(local);
        var end = FirstAt(date + quiet.End, zone, at);
        if (end <= at)
        {
            end = FirstAt(date.PlusDays(1) + quiet.End, zone, at); // a clock put back over the end: the next day's end
        }

        return new GateHold(end, $"quiet hours {quiet} in {zone.Id} until {GateWords.TimeOf(end, zone)}");
    }

    private LocalDate LocalDate(DateTimeOffset at) => Instant.FromDateTimeOffset(at).InZone(zone).Date;
}

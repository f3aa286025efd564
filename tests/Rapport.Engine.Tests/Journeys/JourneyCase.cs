using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Journeys;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// One case of the journey property: a journey document, the people (their time zone and tier), what each does and
/// when (from the case's start), how long it runs, and how the clock moves: to each moment something is due
/// (<see cref="Tick"/> null), or in ticks of that length, so that the timers see waits late.
/// </summary>
public sealed record JourneyCase(
    int Seed, JsonObject Journey, IReadOnlyList<CasePerson> People, IReadOnlyList<CaseEvent> Events, TimeSpan Length, TimeSpan? Tick)
{
    /// <summary>Runs a case on one side: the same moments, in order, each with the events tracked at it; the run says when it is next due.</summary>
    public async Task DriveAsync(DateTimeOffset start, IJourneyRun run)
    {
        var end = start + Length;
        var moments = Events.GroupBy(e => start + e.At).OrderBy(g => g.Key).ToList();
        var now = start;
        while (now < end)
        {
            var due = Tick is { } tick ? start + (tick * (Math.Floor((now - start) / tick) + 1)) : await run.NextDueAsync();
            if (due <= now)
            {
                throw new InvalidOperationException($"{run}: an instance was due at {due:O} but still waits at {now:O}");
            }

            var next = new[] { moments.FirstOrDefault(m => m.Key > now)?.Key, due, end }.OfType<DateTimeOffset>().Min();
            await run.AtAsync(next, moments.FirstOrDefault(m => m.Key == next)?.ToList() ?? []);
            now = next;
        }
    }

    public override string ToString()
    {
        var people = People.Select((p, i) => $"  person {i}: {p.TimeZone}, tier {p.Tier ?? "none"}: "
            + string.Join(", ", Events.Where(e => e.Person == i).OrderBy(e => e.At).Select(e => $"{e.Name} {Offset(e.At)}")));
        return $"seed {Seed}, {Length.TotalDays} days, the clock moving {(Tick is { } t ? $"in ticks of {t}" : "to each moment something is due")}\n"
            + $"{Journey.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}\n{string.Join('\n', people)}";
    }

    /// <summary>"+1d 02:30": a time from the case's start.</summary>
    public static string Offset(TimeSpan at) => string.Create(CultureInfo.InvariantCulture, $"+{at.Days}d {at.Hours:00}:{at.Minutes:00}");

    /// <summary>
    /// What a person went through, line by line: each instance's status, node and variant, its steps (node, kind, edge,
    /// when), and how many messages each send node requested.
    /// </summary>
    public static IReadOnlyList<string> PathOf(IEnumerable<(JourneyInstance Instance, IReadOnlyList<StepRecord> Steps, IReadOnlyList<SentMessage> Sent)> instances, DateTimeOffset start) =>
    [
        .. instances.SelectMany((x, k) => (IEnumerable<string>)
        [
            $"instance {k + 1}: {x.Instance.Status} at {x.Instance.Node}, variant {x.Instance.Variant ?? "none"}",
            .. x.Steps.Select(s => $"  {s.Node} {s.Kind} {s.Edge ?? "-"} {Offset(s.At - start)}"),
            "  messages: " + string.Join(", ", x.Sent.GroupBy(m => m.Node).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}")),
        ]),
    ];
}

/// <summary>A person of a case: their time zone (IANA) and the tier in their traits (null: none).</summary>
public sealed record CasePerson(string TimeZone, string? Tier);

/// <summary>An event a person of the case does, at a time from the case's start.</summary>
public sealed record CaseEvent(TimeSpan At, int Person, string Name);

/// <summary>One side of the property: the workers through the store, or Core's stepper in memory.</summary>
public interface IJourneyRun
{
    /// <summary>The earliest time an active instance must be looked at (null: none is waiting for the time).</summary>
    Task<DateTimeOffset?> NextDueAsync();

    /// <summary>The clock comes to <paramref name="now"/>: what came due is done, then <paramref name="events"/> are tracked and acted on.</summary>
    Task AtAsync(DateTimeOffset now, IReadOnlyList<CaseEvent> events);
}

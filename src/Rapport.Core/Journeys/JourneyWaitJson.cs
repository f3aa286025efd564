using System.Diagnostics;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using static Rapport.Core.Journeys.JourneyJson;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Journeys;

/// <summary>
/// Reads the nodes that wait (see <see cref="JourneyNodeJson"/>). A wait does one of: {"for": "P14D"};
/// {"until": {"time": "09:00", "days"?: ["mon", … "sun"]}}; {"untilDate": {"trait": "traits.serviceDue", "offsetDays"?: -14,
/// "time": "09:00"}}; then "next". A waitFor has "answers": [{event…, "correlate"?: {"property", "triggerProperty"}, "next"}
/// or {"response": "clicked", "to": send node, "next"}], and "timeout" with "onTimeout" for silence.
/// </summary>
internal static class JourneyWaitJson
{
    public const int MaxAnswers = 20;

    /// <summary>Days are at most ten years before or after the date in the profile.</summary>
    private const int MaxOffsetDays = 3650;

    private const string Silence = "required: a waitFor needs a timeout branch for silence (timeout: how long to wait, onTimeout: the node to go to then)";

    private static readonly string[] Waits = ["for", "until", "untilDate"];

    /// <summary>ISO weekday names, Monday first (IsoDayOfWeek 1).</summary>
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static readonly LocalTimePattern[] Times =
        [LocalTimePattern.CreateWithInvariantCulture("HH:mm"), LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss")];

    public static WaitNode? ReadWait(JsonElement e, string path, string id, FieldErrors errors)
    {
        var kind = Waits.FirstOrDefault(k => e.TryGetProperty(k, out _));
        if (kind is null)
        {
            Unknown(e, path, errors, ["id", "type", "next", .. Waits]);
            errors.Add(path, "a wait has one of: for (a period), until (a time of day), untilDate (a date in the profile)");
            return null;
        }

        Unknown(e, path, errors, "id", "type", kind, "next");
        var value = e.GetProperty(kind);
        var at = $"{path}.{kind}";
        WaitUntil? until = kind switch
        {
            "for" => Period(value, at, errors) is { } period ? new WaitUntil.ForPeriod(period) : null,
            "until" => ReadTimeOfDay(value, at, errors),
            "untilDate" => ReadProfileDate(value, at, errors),
            _ => throw new UnreachableException(),
        };
        var next = Edge(e, "next", path, errors);
        return until is not null && next is not null ? new WaitNode(id, until, next) : null;
    }

    private static WaitUntil.LocalTimeOfDay? ReadTimeOfDay(JsonElement e, string path, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<WaitUntil.LocalTimeOfDay>(errors, path, "an object with time and days (optional: any day)");
        }

        Unknown(e, path, errors, "time", "days");
        var time = Time(e, path, errors);
        var days = new HashSet<IsoDayOfWeek>();
        if (e.TryGetProperty("days", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return Missing<WaitUntil.LocalTimeOfDay>(errors, $"{path}.days", $"an array of weekdays: {string.Join(", ", Days)}");
            }

            var i = 0;
            foreach (var day in list.EnumerateArray())
            {
                var index = day.ValueKind == JsonValueKind.String ? Array.IndexOf(Days, day.GetString()) : -1;
                if (index < 0)
                {
                    errors.Add($"{path}.days[{i}]", $"one of: {string.Join(", ", Days)}");
                }
                else
                {
                    days.Add((IsoDayOfWeek)(index + 1));
                }

                i++;
            }
        }

        return time is { } t ? new WaitUntil.LocalTimeOfDay(t, days) : null;
    }

    /// <summary>A date in the profile moved by days, at a local time: a wait's untilDate, or (with <paramref name="also"/> "yearly") a date trigger.</summary>
    internal static WaitUntil.ProfileDate? ReadProfileDate(JsonElement e, string path, FieldErrors errors, params string[] also)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<WaitUntil.ProfileDate>(errors, path, "an object with trait, offsetDays (optional: 0) and time");
        }

        Unknown(e, path, errors, ["trait", "offsetDays", "time", .. also]);
        var trait = e.TryGetProperty("trait", out var t) ? JourneyNodeJson.TraitPath(t, $"{path}.trait", errors) : Missing<string>(errors, $"{path}.trait");
        var offset = e.TryGetProperty("offsetDays", out _) ? Whole(e, "offsetDays", path, -MaxOffsetDays, MaxOffsetDays, errors) : 0;
        var time = Time(e, path, errors);
        return trait is not null && offset is { } days && time is { } at ? new WaitUntil.ProfileDate(trait, days, at) : null;
    }

    /// <summary>The required "time" of <paramref name="e"/>: a local time of day, "09:00" or "09:00:30".</summary>
    internal static LocalTime? Time(JsonElement e, string path, FieldErrors errors) =>
        e.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String
            && Times.Select(p => p.Parse(t.GetString()!)).FirstOrDefault(r => r.Success) is { } parsed
            ? parsed.Value
            : Missing<LocalTime?>(errors, $"{path}.time", "required: a time of day HH:mm (or HH:mm:ss), such as 09:00");

    public static WaitForNode? ReadWaitFor(JsonElement e, string path, string id, JourneyNodeJson.Journey journey, FieldErrors errors)
    {
        Unknown(e, path, errors, "id", "type", "answers", "timeout", "onTimeout");
        var items = Items(e, "answers", path, 1, MaxAnswers, errors);
        var answers = (items ?? []).Select(x => ReadAnswer(x.Item, x.Path, journey, errors)).OfType<Answer>().ToList();
        var timeout = e.TryGetProperty("timeout", out var t) ? Period(t, $"{path}.timeout", errors) : Missing<JourneyPeriod>(errors, $"{path}.timeout", Silence);
        var onTimeout = e.TryGetProperty("onTimeout", out _) ? Edge(e, "onTimeout", path, errors) : Missing<string>(errors, $"{path}.onTimeout", Silence);
        return items is not null && answers.Count == e.GetProperty("answers").GetArrayLength() && timeout is not null && onTimeout is not null
            ? new WaitForNode(id, answers, timeout, onTimeout)
            : null;
    }

    private static Answer? ReadAnswer(JsonElement e, string path, JourneyNodeJson.Journey journey, FieldErrors errors)
    {
        if (e.TryGetProperty("response", out var r))
        {
            Unknown(e, path, errors, "response", "to", "next");
            var response = SegmentValueJson.Enum<Response>(r, $"{path}.response", errors);
            var to = e.TryGetProperty("to", out var s) ? Text(s, $"{path}.to", errors) : Missing<string>(errors, $"{path}.to", "required: the id of the send node whose message is answered");
            var next = Edge(e, "next", path, errors);
            return response is { } answered && to is not null && next is not null ? new ResponseAnswer(answered, to, next) : null;
        }

        var match = JourneyEventJson.ReadMatch(e, path, errors, ["correlate", "next"], "response");
        var correlate = e.TryGetProperty("correlate", out var c) ? ReadCorrelation(c, $"{path}.correlate", journey, errors) : null;
        var then = Edge(e, "next", path, errors);
        return match is not null && then is not null ? new EventAnswer(match, correlate, then) : null;
    }

    private static Correlation? ReadCorrelation(JsonElement e, string path, JourneyNodeJson.Journey journey, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<Correlation>(errors, path, "an object with property and triggerProperty");
        }

        Unknown(e, path, errors, "property", "triggerProperty");
        if (!journey.HasEventTrigger)
        {
            errors.Add(path, "compares with the event that entered the contact: the journey needs an event trigger");
        }

        var property = e.TryGetProperty("property", out var p) ? SegmentEventJson.PropertyPath(p, $"{path}.property", errors) : Missing<string>(errors, $"{path}.property");
        var trigger = e.TryGetProperty("triggerProperty", out var t)
            ? SegmentEventJson.PropertyPath(t, $"{path}.triggerProperty", errors)
            : Missing<string>(errors, $"{path}.triggerProperty");
        return property is not null && trigger is not null ? new Correlation(property, trigger) : null;
    }
}

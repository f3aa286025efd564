using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Events;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Value;
using static Rapport.Core.Journeys.JourneyJson;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Journeys;

/// <summary>
/// Reads what a journey names as an event (see <see cref="JourneyJson"/>): {"event", "where"?}, or Rapport's own events
/// written short: {"segmentEntered": "key"} is Segment Entered with segment = key, {"segmentExited": "key"} Segment
/// Exited, {"stageChanged": {"from"?, "to"?}} Stage Changed with from and to (at least one) equal to those stages.
/// </summary>
internal static class JourneyEventJson
{
    private static readonly string[] Kinds = ["event", "segmentEntered", "segmentExited", "stageChanged"];

    /// <summary>A trigger: an event as above, {"api": true}, {"broadcast": …} or {"date": …} (<see cref="JourneyScheduleJson"/>).</summary>
    public static JourneyTrigger? ReadTrigger(JsonElement e, string path, FieldErrors errors)
    {
        if (e.ValueKind == JsonValueKind.Object && (e.TryGetProperty("broadcast", out _) || e.TryGetProperty("date", out _)))
        {
            return JourneyScheduleJson.Read(e, path, errors);
        }

        if (!e.TryGetProperty("api", out var api))
        {
            return ReadMatch(e, path, errors, [], "api, broadcast, date") is { } match ? new EventTrigger(match) : null;
        }

        Unknown(e, path, errors, "api");
        return api.ValueKind == JsonValueKind.True
            ? new ApiTrigger()
            : Missing<JourneyTrigger>(errors, $"{path}.api", "true: contacts are entered through the API");
    }

    /// <summary>
    /// The event <paramref name="e"/> names. <paramref name="also"/> are the members the caller reads besides it,
    /// <paramref name="otherwise"/> what else the caller takes instead of an event (for the error when there is none).
    /// </summary>
    public static EventMatch? ReadMatch(JsonElement e, string path, FieldErrors errors, string[] also, string? otherwise = null)
    {
        var kind = Kinds.FirstOrDefault(k => e.TryGetProperty(k, out _));
        if (kind is null)
        {
            errors.Add(path, $"names an event with one of: {string.Join(", ", otherwise is null ? Kinds : [.. Kinds, otherwise])}");
            return null;
        }

        string[] known = kind == "event" ? [kind, "where", .. also] : [kind, .. also];
        Unknown(e, path, errors, known);
        var value = e.GetProperty(kind);
        var at = $"{path}.{kind}";
        switch (kind)
        {
            case "event":
                var name = EventName(value, at, errors);
                var where = SegmentEventJson.ReadWhere(e, path, errors);
                return name is null ? null : new EventMatch(name, where);
            case "segmentEntered":
            case "segmentExited":
                var key = Key(value, at, errors);
                var segmentEvent = kind == "segmentEntered" ? ReservedEvents.SegmentEntered : ReservedEvents.SegmentExited;
                return key is null ? null : new EventMatch(segmentEvent, [IsEqual(SegmentProperty, key)]);
            case "stageChanged":
                return ReadStageChanged(value, at, errors);
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>The property of Segment Entered and Segment Exited that holds the segment's key.</summary>
    public const string SegmentProperty = "segment";

    private static readonly string[] StageProperties = ["from", "to"];

    private static EventMatch? ReadStageChanged(JsonElement value, string path, FieldErrors errors)
    {
        const string What = "from, to or both: the stages of the ladder of loyalty moved from and to";
        if (value.ValueKind != JsonValueKind.Object || !StageProperties.Any(p => value.TryGetProperty(p, out _)))
        {
            return Missing<EventMatch>(errors, path, What);
        }

        Unknown(value, path, errors, StageProperties);
        var filters = new List<PropertyFilter>();
        foreach (var property in StageProperties.Where(p => value.TryGetProperty(p, out _)))
        {
            if (SegmentValueJson.Enum<LoyaltyStage>(value.GetProperty(property), $"{path}.{property}", errors) is { } stage)
            {
                filters.Add(IsEqual(property, WireName.Of(stage)));
            }
        }

        return new EventMatch(ReservedEvents.StageChanged, filters);
    }

    private static PropertyFilter IsEqual(string property, string value) =>
        new(property, new Test(TestOperator.Eq, [JsonValue.Create(value)!], null, null));
}

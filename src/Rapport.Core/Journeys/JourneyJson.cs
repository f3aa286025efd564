using System.Text.Json;
using Rapport.Core.Events;
using Rapport.Core.Consent;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Journeys;

/// <summary>
/// Reads a journey from JSON into typed records and checks it, naming the path of every error ("nodes[2].next",
/// "triggers[0].where[1].op"); a member it does not know is an error. The document:
/// {"key", "name", "topic"?, "triggers": [...], "entry"?: {"again"?: "P30D", "audience"?: condition, "whileSubscribed"?: true},
/// "goal"?: {event, "within"?: "P7D"}, "exits"?: [event, ...], "start"?: node id (else the first node), "nodes": [...]}.
/// Wherever a journey names an event (a trigger, the goal, an exit, an answer) it is {"event": "Order Completed",
/// "where"?: [filters]}, {"segmentEntered": "key"}, {"segmentExited": "key"} or {"stageChanged": {"from"?, "to"?}};
/// a trigger may also be {"api": true}. Conditions are those of segments (<see cref="SegmentJson"/>), periods ISO 8601
/// (PT2H, P3D, P1M), times of day "09:00". Each node is read by <see cref="JourneyNodeJson"/>, and the way through
/// them checked by <see cref="JourneyGraph"/>.
/// </summary>
public static class JourneyJson
{
    public const int MaxTriggers = 20;
    public const int MaxExits = 20;
    public const int MaxNodes = 200;

    public static JourneyDefinition? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a journey is a JSON object with key, name, triggers and nodes");
            return null;
        }

        Unknown(body, "", errors, "key", "name", "topic", "triggers", "entry", "goal", "exits", "start", "nodes");
        var (key, name) = ReadKeyAndName(body, errors);
        var hasTopic = body.TryGetProperty("topic", out var t);
        var topic = hasTopic ? Key(t, "topic", errors) : null;
        var triggers = Items(body, "triggers", "", 1, MaxTriggers, errors)?
            .Select(x => JourneyEventJson.ReadTrigger(x.Item, x.Path, errors)).OfType<JourneyTrigger>().ToList() ?? [];
        var entry = ReadEntry(body, hasTopic, errors);
        var goal = body.TryGetProperty("goal", out var g) ? ReadGoal(g, errors) : null;
        var exits = Items(body, "exits", "", 0, MaxExits, errors)?
            .Select(x => JourneyEventJson.ReadMatch(x.Item, x.Path, errors, [])).OfType<EventMatch>().Select(m => new ExitRule(m)).ToList() ?? [];

        var journey = new JourneyNodeJson.Journey(hasTopic, triggers.OfType<EventTrigger>().Any());
        var items = Items(body, "nodes", "", 1, MaxNodes, errors) ?? [];
        var nodes = items.Select(x => JourneyNodeJson.Read(x.Item, x.Path, journey, errors)).ToList();
        var byId = new Dictionary<string, JourneyNode>(StringComparer.Ordinal);
        foreach (var (node, path) in nodes.Zip(items, (n, x) => (n, x.Path)))
        {
            if (node is not null && !byId.TryAdd(node.Id, node))
            {
                errors.Add($"{path}.id", $"another node has the id '{node.Id}'");
            }
        }

        var start = body.TryGetProperty("start", out var s) ? Text(s, "start", errors) : nodes.FirstOrDefault()?.Id;
        if (start is not null && byId.Count > 0 && byId.Count == body.GetProperty("nodes").GetArrayLength())
        {
            // Only once every node was read, with its own id: a node missing would make false errors.
            JourneyGraph.Check([.. nodes.Zip(items, (n, x) => (n!, x.Path))], start, errors);
        }

        return errors.IsEmpty ? new JourneyDefinition(key, name, topic, triggers, entry, goal, exits, start!, byId) : null;
    }

    private static EntryRules ReadEntry(JsonElement body, bool hasTopic, FieldErrors errors)
    {
        if (!body.TryGetProperty("entry", out var entry))
        {
            return EntryRules.OnceEver;
        }

        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add("entry", "an object with again, audience and whileSubscribed, each optional");
            return EntryRules.OnceEver;
        }

        Unknown(entry, "entry", errors, "again", "audience", "whileSubscribed");
        var again = entry.TryGetProperty("again", out var a) ? Period(a, "entry.again", errors) : null;
        var audience = entry.TryGetProperty("audience", out var c) ? ReadCondition(c, "entry.audience", errors) : null;
        var whileSubscribed = Bool(entry, "whileSubscribed", "entry", errors);
        if (whileSubscribed && !hasTopic)
        {
            errors.Add("entry.whileSubscribed", "needs the journey's topic: give one");
        }

        return new EntryRules(again, audience, whileSubscribed);
    }

    private static JourneyGoal? ReadGoal(JsonElement goal, FieldErrors errors)
    {
        var match = JourneyEventJson.ReadMatch(goal, "goal", errors, ["within"]);
        var within = goal.ValueKind == JsonValueKind.Object && goal.TryGetProperty("within", out var w) ? Period(w, "goal.within", errors) : null;
        return match is null ? null : new JourneyGoal(match, within);
    }

    /// <summary>
    /// The objects of the array <paramref name="name"/> of <paramref name="e"/>, each with its path; null (an error) when
    /// it is not an array of <paramref name="min"/> to <paramref name="max"/> items. An item that is not an object is an error.
    /// </summary>
    internal static List<(JsonElement Item, string Path)>? Items(JsonElement e, string name, string path, int min, int max, FieldErrors errors)
    {
        var at = path.Length == 0 ? name : $"{path}.{name}";
        if (!e.TryGetProperty(name, out var array))
        {
            return min == 0 ? [] : Missing<List<(JsonElement, string)>>(errors, at, $"required: an array of {min} to {max}");
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() < min || array.GetArrayLength() > max)
        {
            return Missing<List<(JsonElement, string)>>(errors, at, min == 0 ? $"an array of at most {max}" : $"an array of {min} to {max}");
        }

        var items = array.EnumerateArray().Select((item, i) => (Item: item, Path: $"{at}[{i}]")).ToList();
        foreach (var (item, itemPath) in items.Where(x => x.Item.ValueKind != JsonValueKind.Object))
        {
            errors.Add(itemPath, "a JSON object");
        }

        return items.Where(x => x.Item.ValueKind == JsonValueKind.Object).ToList();
    }

    /// <summary>The key of a topic or a segment: lower-case letters, digits and '-', at most 64.</summary>
    internal static string? Key(JsonElement e, string path, FieldErrors errors) =>
        e.ValueKind == JsonValueKind.String && Topic.IsValidKey(e.GetString())
            ? e.GetString()
            : Missing<string>(errors, path, "a key: lower-case letters, digits and '-', at most 64");

    internal static JourneyPeriod? Period(JsonElement e, string path, FieldErrors errors) =>
        e.ValueKind == JsonValueKind.String && JourneyPeriod.Parse(e.GetString()) is { } period
            ? period
            : Missing<JourneyPeriod>(errors, path, "an ISO 8601 period longer than zero and at most ten years: PT30M, PT2H, P3D, P2W, P1M");

    /// <summary>The optional true or false <paramref name="name"/> of <paramref name="e"/>; absent: false.</summary>
    internal static bool Bool(JsonElement e, string name, string path, FieldErrors errors) =>
        e.TryGetProperty(name, out var b) && (b.ValueKind == JsonValueKind.True
            || (b.ValueKind != JsonValueKind.False && Missing<bool>(errors, $"{path}.{name}", "true or false")));

    /// <summary>The required whole number <paramref name="name"/> of <paramref name="e"/>, from <paramref name="min"/> to <paramref name="max"/>.</summary>
    internal static int? Whole(JsonElement e, string name, string path, int min, int max, FieldErrors errors)
    {
        var given = e.TryGetProperty(name, out var v);
        return given && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= min && i <= max
            ? i
            : Missing<int?>(errors, $"{path}.{name}", $"{(given ? "" : "required: ")}a whole number from {min} to {max}");
    }

    /// <summary>The edge <paramref name="name"/> of a node (or of its answer, branch…): the id of the node it leads to.</summary>
    internal static string? Edge(JsonElement e, string name, string path, FieldErrors errors) =>
        e.TryGetProperty(name, out var v) ? Text(v, $"{path}.{name}", errors) : Missing<string>(errors, $"{path}.{name}", "required: the id of the next node");

    /// <summary>The name of an event as it is tracked: trimmed (the tracking reader trims names), at most 200 characters.</summary>
    internal static string? EventName(JsonElement e, string path, FieldErrors errors)
    {
        var name = Text(e, path, errors);
        if (name is not null && ReservedEvents.NotFollowed(name) is { } why)
        {
            return Missing<string>(errors, path, why);
        }

        return name is null || name.Trim() == name ? name : Missing<string>(errors, path, "no spaces at either end: tracked names are trimmed");
    }
}

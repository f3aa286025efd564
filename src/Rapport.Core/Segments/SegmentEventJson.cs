using System.Text.Json;
using Rapport.Core.Events;
using Rapport.Core.Validation;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Segments;

/// <summary>Reads an event condition (see <see cref="SegmentJson"/>).</summary>
internal static class SegmentEventJson
{
    public static EventCondition? Read(JsonElement e, JsonElement name, string path, FieldErrors errors)
    {
        Unknown(e, path, errors, "event", "where", "count", "first", "last", "withinDays", "between");
        var eventName = Text(name, $"{path}.event", errors);
        if (eventName is not null && ReservedEvents.NotFollowed(eventName) is { } why)
        {
            errors.Add($"{path}.event", why);
        }

        var filters = ReadWhere(e, path, errors);
        var occurrence = ReadOccurrence(e, path, errors);
        var window = ReadWindow(e, path, errors);
        if (occurrence is Occurrence.First or Occurrence.Last && window is null)
        {
            errors.Add($"{path}.withinDays", "first and last need a window: withinDays or between");
        }

        return eventName is null || occurrence is null ? null : new EventCondition(eventName, filters, occurrence, window);
    }

    /// <summary>
    /// The optional "where" of an object at <paramref name="path"/>: at most 20 filters on the event's properties,
    /// each {"property": "total" | "address.city", "op", "value" | "values" | "days" | "date"}. None: empty.
    /// </summary>
    public static List<PropertyFilter> ReadWhere(JsonElement e, string path, FieldErrors errors)
    {
        var filters = new List<PropertyFilter>();
        if (!e.TryGetProperty("where", out var where))
        {
            return filters;
        }

        if (where.ValueKind != JsonValueKind.Array || where.GetArrayLength() > 20)
        {
            errors.Add($"{path}.where", "an array of at most 20 property filters");
            return filters;
        }

        var i = 0;
        foreach (var filter in where.EnumerateArray())
        {
            var at = $"{path}.where[{i++}]";
            Unknown(filter, at, errors, "property", "op", "value", "values", "days", "date");
            var property = filter.ValueKind == JsonValueKind.Object && filter.TryGetProperty("property", out var p)
                ? PropertyPath(p, $"{at}.property", errors)
                : Missing<string>(errors, $"{at}.property");
            if (filter.ValueKind == JsonValueKind.Object && ReadTest(filter, at, errors) is { } test && property is not null)
            {
                filters.Add(new PropertyFilter(property, test));
            }
        }

        return filters;
    }

    /// <summary>The name or dot path of an event's property ("cartId", "address.city"), or null (an error) when it is not one.</summary>
    public static string? PropertyPath(JsonElement e, string path, FieldErrors errors)
    {
        var property = Text(e, path, errors);
        if (property is not null && !property.Split('.').All(Consent.EditableFields.IsValid))
        {
            errors.Add(path, "a property name or dot path (letters, digits, '_')");
            return null;
        }

        return property;
    }

    /// <summary>{"received": {"topic"?, "channel"?}, "withinDays" | "between"?}: a message was sent to the contact.</summary>
    public static ReceivedCondition? ReadReceived(JsonElement e, JsonElement received, string path, FieldErrors errors)
    {
        Unknown(e, path, errors, "received", "withinDays", "between");
        if (received.ValueKind != JsonValueKind.Object)
        {
            return Missing<ReceivedCondition>(errors, $"{path}.received", "an object with topic and channel, both optional: {} for any message");
        }

        Unknown(received, $"{path}.received", errors, "topic", "channel");
        var topic = received.TryGetProperty("topic", out var t) ? Text(t, $"{path}.received.topic", errors) : null;
        Consent.Channel? channel = null;
        if (received.TryGetProperty("channel", out var c))
        {
            channel = c.ValueKind == JsonValueKind.String && WireName.TryParse<Consent.Channel>(c.GetString(), out var parsed)
                ? parsed
                : Missing<Consent.Channel?>(errors, $"{path}.received.channel", $"one of: {WireName.List<Consent.Channel>()}");
        }

        var window = ReadWindow(e, path, errors);
        return errors.IsEmpty ? new ReceivedCondition(topic, channel, window) : null;
    }

    private static Occurrence? ReadOccurrence(JsonElement e, string path, FieldErrors errors)
    {
        var first = e.TryGetProperty("first", out var f) && f.ValueKind == JsonValueKind.True;
        var last = e.TryGetProperty("last", out var l) && l.ValueKind == JsonValueKind.True;
        var hasCount = e.TryGetProperty("count", out var count);
        if ((first ? 1 : 0) + (last ? 1 : 0) + (hasCount ? 1 : 0) > 1)
        {
            errors.Add(path, "give one of count, first or last");
            return null;
        }

        if (first || last)
        {
            return first ? new Occurrence.First() : new Occurrence.Last();
        }

        if (!hasCount)
        {
            return new Occurrence.Count(CountRule.AtLeast, 1); // performed at all
        }

        Unknown(count, $"{path}.count", errors, "atLeast", "atMost", "exactly");
        foreach (var (field, rule) in new[] { ("atLeast", CountRule.AtLeast), ("atMost", CountRule.AtMost), ("exactly", CountRule.Exactly) })
        {
            if (Int(count, field, $"{path}.count", errors) is { } times)
            {
                return times is >= 0 and <= 1_000_000
                    ? new Occurrence.Count(rule, times)
                    : Missing<Occurrence>(errors, $"{path}.count.{field}", "between 0 and 1000000");
            }
        }

        return Missing<Occurrence>(errors, $"{path}.count", "one of atLeast, atMost, exactly: a whole number");
    }

    private static TimeWindow? ReadWindow(JsonElement e, string path, FieldErrors errors)
    {
        if (Int(e, "withinDays", path, errors) is { } days)
        {
            return days is >= 1 and <= 36500 ? new TimeWindow.LastDays(days) : Missing<TimeWindow>(errors, $"{path}.withinDays", "between 1 and 36500");
        }

        if (!e.TryGetProperty("between", out var between))
        {
            return null;
        }

        Unknown(between, $"{path}.between", errors, "from", "to");
        if (between.ValueKind == JsonValueKind.Object
            && between.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String && from.TryGetDateTimeOffset(out var f)
            && between.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String && to.TryGetDateTimeOffset(out var t) && f < t)
        {
            return new TimeWindow.Between(f, t);
        }

        return Missing<TimeWindow>(errors, $"{path}.between", "from and to: ISO 8601 times, from before to");
    }
}

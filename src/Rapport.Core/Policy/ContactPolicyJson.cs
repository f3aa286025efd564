using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Validation;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Policy;

/// <summary>
/// Reads a <see cref="ContactPolicy"/> from JSON, naming the path of every error ("caps.email.perWeek"); a member it
/// does not know is an error. The document, every field optional:
/// {"caps": {"email": {"perDay"?: 2, "perWeek"?: 7, "perMonth"?: 20}, "sms": {…}, …},
/// "minimumInterval": "PT4H" | "P1W" | null, "quietHours": {"sms": {"start": "21:00", "end": "08:00"}, …},
/// "transactionalCounts": false}.
/// A top-level field left out takes <see cref="ContactPolicy.Default"/>'s value (so {} is the default policy); one given
/// is taken as written: "caps": {} means no caps, a channel or window not named in it has no cap, "quietHours": {} means
/// none, "minimumInterval": null means none. Caps are whole numbers from 1 to <see cref="MaxCap"/>; quiet hours may wrap
/// midnight but not start and end at the same time; transactionalCounts defaults to false.
/// </summary>
public static class ContactPolicyJson
{
    public const int MaxCap = 10_000;

    private static readonly LocalTimePattern[] Times =
        [LocalTimePattern.CreateWithInvariantCulture("HH:mm"), LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss")];


    public static ContactPolicy? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a contact policy is a JSON object with caps, minimumInterval, quietHours and transactionalCounts, each optional");
            return null;
        }

        Unknown(body, "", errors, "caps", "minimumInterval", "quietHours", "transactionalCounts");
        var defaults = ContactPolicy.Default;
        var caps = body.TryGetProperty("caps", out var c) ? PerChannel(c, "caps", errors, ReadCaps) : defaults.Caps;
        var interval = body.TryGetProperty("minimumInterval", out var i)
            ? i.ValueKind == JsonValueKind.Null ? null : JourneyJson.Period(i, "minimumInterval", errors)
            : defaults.MinimumInterval;
        var quiet = body.TryGetProperty("quietHours", out var q) ? PerChannel(q, "quietHours", errors, ReadQuietHours) : defaults.QuietHours;
        var counts = body.TryGetProperty("transactionalCounts", out var t)
            ? t.ValueKind == JsonValueKind.True || (t.ValueKind != JsonValueKind.False && Missing<bool>(errors, "transactionalCounts", "true or false"))
            : defaults.TransactionalCounts;
        return errors.IsEmpty ? new ContactPolicy(caps, interval, quiet, counts) : null;
    }

    /// <summary>The policy as a document <see cref="Read"/> reads back to the same rules, every field written.</summary>
    public static JsonObject Write(ContactPolicy policy)
    {
        var caps = new JsonObject();
        foreach (var (channel, c) in policy.Caps.OrderBy(p => p.Key))
        {
            var windows = new JsonObject();
            Set(windows, "perDay", c.PerDay);
            Set(windows, "perWeek", c.PerWeek);
            Set(windows, "perMonth", c.PerMonth);
            caps[WireName.Of(channel)] = windows;
        }

        var quiet = new JsonObject();
        foreach (var (channel, hours) in policy.QuietHours.OrderBy(p => p.Key))
        {
            quiet[WireName.Of(channel)] = new JsonObject { ["start"] = Format(hours.Start), ["end"] = Format(hours.End) };
        }

        return new JsonObject
        {
            ["caps"] = caps,
            ["minimumInterval"] = policy.MinimumInterval?.Text,
            ["quietHours"] = quiet,
            ["transactionalCounts"] = policy.TransactionalCounts,
        };
    }

    private static string Format(LocalTime time) => (time.Second == 0 && time.TickOfSecond == 0 ? Times[0] : Times[1]).Format(time);

    private static void Set(JsonObject o, string name, int? value)
    {
        if (value is { } v)
        {
            o[name] = v;
        }
    }

    /// <summary>An object keyed by channel wire names ("email", "sms"), each value read by <paramref name="read"/>.</summary>
    private static Dictionary<Channel, T> PerChannel<T>(JsonElement e, string path, FieldErrors errors, Func<JsonElement, string, FieldErrors, T?> read)
        where T : class
    {
        var result = new Dictionary<Channel, T>();
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"an object keyed by channel: {WireName.List<Channel>()}");
            return result;
        }

        foreach (var property in e.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (!WireName.TryParse<Channel>(property.Name, out var channel))
            {
                errors.Add(at, $"not a channel; one of: {WireName.List<Channel>()}");
            }
            else if (property.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, "a JSON object");
            }
            else if (read(property.Value, at, errors) is { } value)
            {
                result[channel] = value;
            }
        }

        return result;
    }

    private static ChannelCaps? ReadCaps(JsonElement e, string path, FieldErrors errors)
    {
        Unknown(e, path, errors, "perDay", "perWeek", "perMonth");
        return new ChannelCaps(Cap(e, "perDay", path, errors), Cap(e, "perWeek", path, errors), Cap(e, "perMonth", path, errors));
    }

    private static int? Cap(JsonElement e, string name, string path, FieldErrors errors) =>
        e.TryGetProperty(name, out _) ? JourneyJson.Whole(e, name, path, 1, MaxCap, errors) : null;

    private static QuietHours? ReadQuietHours(JsonElement e, string path, FieldErrors errors)
    {
        Unknown(e, path, errors, "start", "end");
        var (start, end) = (Time(e, "start", path, errors), Time(e, "end", path, errors));
        if (start is not { } s || end is not { } t)
        {
            return null;
        }

        return s == t ? Missing<QuietHours>(errors, path, "start and end are the same time: give the hours when nothing may go, such as 21:00 to 08:00") : new QuietHours(s, t);
    }

    private static LocalTime? Time(JsonElement e, string name, string path, FieldErrors errors) =>
        e.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String
            && Times.Select(p => p.Parse(t.GetString()!)).FirstOrDefault(r => r.Success) is { } parsed
            ? parsed.Value
            : Missing<LocalTime?>(errors, $"{path}.{name}", "required: a local time of day HH:mm (or HH:mm:ss), such as 21:00");
}

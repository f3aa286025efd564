using System.Text.Json;
using Cronos;
using Rapport.Core.Validation;
using static Rapport.Core.Journeys.JourneyJson;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Journeys;

/// <summary>
/// Reads the triggers that come with time (see <see cref="JourneyJson"/>): {"broadcast": {"segment", "at"}} once, or
/// {"broadcast": {"segment", "cron": "0 9 1 * *", "timeZone": "Europe/Warsaw"}} at every time of a cron expression;
/// {"date": {"trait": "traits.serviceDue", "offsetDays"?: -14, "time": "09:00", "yearly"?: true}}.
/// </summary>
internal static class JourneyScheduleJson
{
    public static JourneyTrigger? Read(JsonElement e, string path, FieldErrors errors)
    {
        var kind = e.TryGetProperty("broadcast", out var value) ? "broadcast" : "date";
        value = e.GetProperty(kind);
        Unknown(e, path, errors, kind);
        var at = $"{path}.{kind}";
        if (kind == "date")
        {
            return JourneyWaitJson.ReadProfileDate(value, at, errors, "yearly") is { } date
                ? new DateTrigger(date.Trait, date.OffsetDays, date.Time, Bool(value, "yearly", at, errors))
                : null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Missing<JourneyTrigger>(errors, at, "an object with segment, and at (a time) or cron and timeZone");
        }

        Unknown(value, at, errors, "segment", "at", "cron", "timeZone");
        var segment = value.TryGetProperty("segment", out var s) ? Key(s, $"{at}.segment", errors) : Missing<string>(errors, $"{at}.segment");
        if (value.TryGetProperty("at", out var once))
        {
            if (value.TryGetProperty("cron", out _))
            {
                errors.Add($"{at}.cron", "at or cron, not both");
            }

            var time = once.ValueKind == JsonValueKind.String && once.TryGetDateTimeOffset(out var t) ? t
                : Missing<DateTimeOffset?>(errors, $"{at}.at", "a time with its offset, ISO 8601: 2027-01-05T09:00:00+01:00");
            return segment is not null && time is { } when ? new BroadcastTrigger(segment, when, null, null, "UTC") : null;
        }

        var cron = Cron(value, at, errors);
        var zone = value.TryGetProperty("timeZone", out var z) && z.ValueKind == JsonValueKind.String
                   && Contacts.TimeZoneName.TryNormalize(z.GetString()!, out var name, out _) && name == z.GetString()
            ? name
            : Missing<string>(errors, $"{at}.timeZone", "required with cron: an IANA time zone such as Europe/Warsaw");
        return segment is not null && cron is not null && zone is not null ? new BroadcastTrigger(segment, null, cron, value.GetProperty("cron").GetString(), zone) : null;
    }

    private static CronExpression? Cron(JsonElement value, string at, FieldErrors errors)
    {
        const string What = "at (a time) or cron: five fields, minute hour day-of-month month day-of-week, such as \"0 9 1 * *\"";
        if (!value.TryGetProperty("cron", out var c) || c.ValueKind != JsonValueKind.String)
        {
            return Missing<CronExpression>(errors, $"{at}.{(value.TryGetProperty("cron", out _) ? "cron" : "at")}", What);
        }

        return CronExpression.TryParse(c.GetString()!, CronFormat.Standard, out var parsed) ? parsed : Missing<CronExpression>(errors, $"{at}.cron", What);
    }
}

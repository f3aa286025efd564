using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rapport.Core.Contacts;

namespace Rapport.Core.Segments;

/// <summary>
/// The meaning of a <see cref="Test"/> on one JSON value, which the SQL of each dialect reproduces
/// exactly: strings compare by their UTF-8 bytes and case matters; numbers compare as numbers; a value
/// of another type than the test's never matches (so neq matches it); dates are strings starting
/// YYYY-MM-DD, compared by that day.
/// </summary>
public static partial class ValueTests
{
    /// <summary>The profile fields a condition may name besides traits.</summary>
    public static readonly IReadOnlyList<string> ProfileFields = ["externalId", "email", "phone", "locale", "timeZone", "postcode", "city", "country"];

    public static JsonNode? ProfileValue(Contact contact, string field)
    {
        if (field.StartsWith("traits.", StringComparison.Ordinal))
        {
            return At(contact.Traits, field["traits.".Length..]);
        }

        var text = field switch
        {
            "externalId" => contact.ExternalId,
            "email" => contact.Email,
            "phone" => contact.Phone,
            "locale" => contact.Locale,
            "timeZone" => contact.TimeZone,
            "postcode" => contact.Address?.Postcode,
            "city" => contact.Address?.City,
            "country" => contact.Address?.Country,
            _ => throw new UnreachableException(),
        };
        return text is null ? null : JsonValue.Create(text);
    }

    /// <summary>The node at a dot path ("address.city") of an object, or null.</summary>
    public static JsonNode? At(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var step in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(step, out var next) ? next : null;
        }

        return node;
    }

    public static bool Matches(Test test, JsonNode? node, DateTimeOffset now)
    {
        var kind = node?.GetValueKind();
        return test.Operator switch
        {
            TestOperator.Eq => Equal(node, test.Values[0]),
            TestOperator.Neq => !Equal(node, test.Values[0]),
            TestOperator.In => test.Values.Any(v => Equal(node, v)),
            TestOperator.Contains => Text(node) is { } s && s.Contains(Text(test.Values[0])!, StringComparison.Ordinal),
            TestOperator.StartsWith => Text(node) is { } s && s.StartsWith(Text(test.Values[0])!, StringComparison.Ordinal),
            TestOperator.Gt => Compare(node, test.Values[0]) is > 0,
            TestOperator.Gte => Compare(node, test.Values[0]) is >= 0,
            TestOperator.Lt => Compare(node, test.Values[0]) is < 0,
            TestOperator.Lte => Compare(node, test.Values[0]) is <= 0,
            TestOperator.Exists => node is not null && kind != JsonValueKind.Null,
            TestOperator.Before => Day(node) is { } d && string.CompareOrdinal(d, Iso(test.Date!.Value)) < 0,
            TestOperator.After => Day(node) is { } d && string.CompareOrdinal(d, Iso(test.Date!.Value)) > 0,
            TestOperator.WithinLastDays => Day(node) is { } d
                && string.CompareOrdinal(d, Iso(Today(now).AddDays(-test.Days!.Value))) >= 0 && string.CompareOrdinal(d, Iso(Today(now))) <= 0,
            TestOperator.AnniversaryWithinDays => Day(node) is { } d && InAnniversaryWindow(d[5..], Today(now), test.Days!.Value),
            _ => throw new UnreachableException(),
        };
    }

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Month-day "MM-DD" between today and today + days, across the year's end; a year or more is always.</summary>
    public static bool InAnniversaryWindow(string monthDay, DateOnly today, int days)
    {
        if (days >= 365)
        {
            return true;
        }

        var (start, end) = (Iso(today)[5..], Iso(today.AddDays(days))[5..]);
        return string.CompareOrdinal(start, end) <= 0
            ? string.CompareOrdinal(monthDay, start) >= 0 && string.CompareOrdinal(monthDay, end) <= 0
            : string.CompareOrdinal(monthDay, start) >= 0 || string.CompareOrdinal(monthDay, end) <= 0;
    }

    private static bool Equal(JsonNode? node, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Text(node) is { } s && s == value.GetValue<string>(),
        JsonValueKind.Number => Number(node) is { } n && n == Number(value),
        JsonValueKind.True or JsonValueKind.False => node?.GetValueKind() == value.GetValueKind(),
        _ => throw new UnreachableException(),
    };

    private static int? Compare(JsonNode? node, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Text(node) is { } s ? Utf8Order(s, value.GetValue<string>()) : null,
        JsonValueKind.Number => Number(node) is { } n ? n.CompareTo(Number(value)!.Value) : null,
        _ => null,
    };

    private static int Utf8Order(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>A JSON number as a double (null for any other kind), read the same way wherever numbers are compared or summed.</summary>
    internal static double? Number(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number ? double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string? Day(JsonNode? node) => Text(node) is { } s && DayPattern().IsMatch(s) ? s[..10] : null;

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex DayPattern();
}

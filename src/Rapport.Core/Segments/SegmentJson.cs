using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Validation;

namespace Rapport.Core.Segments;

/// <summary>
/// Reads a segment definition from JSON into typed records, naming the path of every error
/// ("condition.all[1].op"). Conditions: {"all": [...]}, {"any": [...]}, {"not": {...}},
/// {"trait": "traits.plan" | "email"…, "op": …, "value" | "values" | "days" | "date"},
/// {"event": "Order Completed", "where": [{"property", "op", …}], "count": {"atLeast" | "atMost" | "exactly": n}
/// or "first": true or "last": true, "withinDays": n or "between": {"from", "to"}},
/// {"received": {"topic", "channel"}, "withinDays"}, {"consent": {"topic", "channel"}}, {"bucket": {"from", "to"}}, {"segment": "key"},
/// {"measure": "orders", "op", "value"}, {"valueGroup": "most_valuable"}, {"stage": "customer", "orHigher": true}.
/// </summary>
public static class SegmentJson
{
    public const int MaxDepth = 10;
    public const int MaxConditions = 100;
    private const int MaxText = 200;

    public static SegmentDefinition? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a segment is a JSON object with key, name and condition");
            return null;
        }

        Unknown(body, "", errors, "key", "name", "condition");
        var (key, name) = ReadKeyAndName(body, errors);
        var count = 0;
        var condition = body.TryGetProperty("condition", out var c)
            ? ReadCondition(c, "condition", 1, ref count, errors)
            : Missing<Condition>(errors, "condition");
        return errors.IsEmpty ? new SegmentDefinition(key, name, condition!) : null;
    }

    /// <summary>The "key" (lower-case letters, digits and '-', at most 64) and "name" of a definition; wrong ones are errors.</summary>
    internal static (string Key, string Name) ReadKeyAndName(JsonElement body, FieldErrors errors)
    {
        var key = body.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
        var name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        if (!Topic.IsValidKey(key))
        {
            errors.Add("key", "required: lower-case letters, digits and '-', at most 64");
        }

        if (name.Length is 0 or > MaxText)
        {
            errors.Add("name", $"required, at most {MaxText} characters");
        }

        return (key, name);
    }

    /// <summary>Reads one condition at <paramref name="path"/> (a ladder rule, for one).</summary>
    public static Condition? ReadCondition(JsonElement e, string path, FieldErrors errors)
    {
        var count = 0;
        return ReadCondition(e, path, 1, ref count, errors);
    }

    private static Condition? ReadCondition(JsonElement e, string path, int depth, ref int count, FieldErrors errors)
    {
        if (++count > MaxConditions || depth > MaxDepth)
        {
            errors.Add(path, $"a definition has at most {MaxConditions} conditions, nested at most {MaxDepth} deep");
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "a condition is a JSON object");
            return null;
        }

        if (e.TryGetProperty("all", out var all) || e.TryGetProperty("any", out all))
        {
            var kind = e.TryGetProperty("all", out _) ? "all" : "any";
            Unknown(e, path, errors, kind);
            if (all.ValueKind != JsonValueKind.Array || all.GetArrayLength() == 0)
            {
                errors.Add($"{path}.{kind}", "a non-empty array of conditions");
                return null;
            }

            var parts = new List<Condition>();
            var i = 0;
            foreach (var item in all.EnumerateArray())
            {
                parts.Add(ReadCondition(item, $"{path}.{kind}[{i++}]", depth + 1, ref count, errors)!);
            }

            return kind == "all" ? new AllOf(parts) : new AnyOf(parts);
        }

        if (e.TryGetProperty("not", out var not))
        {
            Unknown(e, path, errors, "not");
            var inner = ReadCondition(not, $"{path}.not", depth + 1, ref count, errors);
            return inner is null ? null : new Not(inner);
        }

        if (e.TryGetProperty("trait", out var trait))
        {
            Unknown(e, path, errors, "trait", "op", "value", "values", "days", "date");
            var field = Text(trait, $"{path}.trait", errors);
            if (field is not null && !ValueTests.ProfileFields.Contains(field) && !IsTraitPath(field))
            {
                errors.Add($"{path}.trait", $"one of {string.Join(", ", ValueTests.ProfileFields)}, or traits.NAME (a dot path)");
            }

            var test = ReadTest(e, path, errors);
            return field is null || test is null ? null : new TraitCondition(field, test);
        }

        return ReadOther(e, path, errors);
    }

    private static Condition? ReadOther(JsonElement e, string path, FieldErrors errors)
    {
        if (e.TryGetProperty("event", out var name))
        {
            return SegmentEventJson.Read(e, name, path, errors);
        }

        if (e.TryGetProperty("received", out var received))
        {
            return SegmentEventJson.ReadReceived(e, received, path, errors);
        }

        if (e.TryGetProperty("consent", out var consent))
        {
            Unknown(e, path, errors, "consent");
            Unknown(consent, $"{path}.consent", errors, "topic", "channel");
            var topic = consent.ValueKind == JsonValueKind.Object && consent.TryGetProperty("topic", out var t) ? Text(t, $"{path}.consent.topic", errors) : Missing<string>(errors, $"{path}.consent.topic");
            var channelName = consent.ValueKind == JsonValueKind.Object && consent.TryGetProperty("channel", out var ch) ? Text(ch, $"{path}.consent.channel", errors) : "email";
            if (!WireName.TryParse<Channel>(channelName, out var channel))
            {
                errors.Add($"{path}.consent.channel", $"one of: {WireName.List<Channel>()}");
            }

            return topic is null ? null : new ConsentCondition(topic, channel);
        }

        if (e.TryGetProperty("bucket", out var bucket))
        {
            Unknown(e, path, errors, "bucket");
            var from = Int(bucket, "from", $"{path}.bucket", errors);
            var to = Int(bucket, "to", $"{path}.bucket", errors);
            if (from is not { } f || to is not { } t2 || f < 0 || t2 > 99 || f > t2)
            {
                errors.Add($"{path}.bucket", "from and to are whole numbers with 0 ≤ from ≤ to ≤ 99");
                return null;
            }

            return new BucketCondition(f, t2);
        }

        if (e.TryGetProperty("segment", out var segment))
        {
            Unknown(e, path, errors, "segment");
            var key = Text(segment, $"{path}.segment", errors);
            return key is null ? null : new SegmentCondition(key);
        }

        if (e.TryGetProperty("measure", out _) || e.TryGetProperty("valueGroup", out _) || e.TryGetProperty("stage", out _))
        {
            return SegmentValueJson.Read(e, path, errors);
        }

        errors.Add(path, "a condition has one of: all, any, not, trait, event, received, consent, bucket, segment, measure, valueGroup, stage");
        return null;
    }

    /// <summary>An operator with its operand: value (eq, neq, contains, startsWith, gt…), values (in), days, date.</summary>
    internal static Test? ReadTest(JsonElement e, string path, FieldErrors errors)
    {
        var opName = e.TryGetProperty("op", out var op) ? Text(op, $"{path}.op", errors) : Missing<string>(errors, $"{path}.op");
        if (opName is null)
        {
            return null;
        }

        if (!WireName.TryParse<TestOperator>(Snake(opName), out var @operator))
        {
            errors.Add($"{path}.op", "one of: eq, neq, in, contains, startsWith, gt, gte, lt, lte, exists, before, after, withinLastDays, anniversaryWithinDays");
            return null;
        }

        return @operator switch
        {
            TestOperator.In => Values(e, path, errors) is { } values ? new Test(@operator, values, null, null) : null,
            TestOperator.Exists => new Test(@operator, [], null, null),
            TestOperator.Before or TestOperator.After => Date(e, path, errors) is { } date ? new Test(@operator, [], null, date) : null,
            TestOperator.WithinLastDays or TestOperator.AnniversaryWithinDays =>
                Int(e, "days", path, errors) is { } days and >= 0 and <= 36500 ? new Test(@operator, [], days, null) : Missing<Test>(errors, $"{path}.days"),
            TestOperator.Contains or TestOperator.StartsWith =>
                Scalar(e, path, errors) is { } s && s.GetValueKind() == JsonValueKind.String ? new Test(@operator, [s], null, null) : Missing<Test>(errors, $"{path}.value", "a string"),
            _ => Scalar(e, path, errors) is { } v ? new Test(@operator, [v], null, null) : null,
        };
    }

    private static JsonValue? Scalar(JsonElement e, string path, FieldErrors errors)
    {
        if (!e.TryGetProperty("value", out var value) || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"{path}.value", "required: a string, number, true or false");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > MaxText)
        {
            errors.Add($"{path}.value", $"at most {MaxText} characters");
            return null;
        }

        return (JsonValue)JsonNode.Parse(value.GetRawText())!;
    }

    private static List<JsonValue>? Values(JsonElement e, string path, FieldErrors errors)
    {
        if (!e.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() is 0 or > 100)
        {
            errors.Add($"{path}.values", "required: an array of 1 to 100 strings, numbers or booleans");
            return null;
        }

        var list = new List<JsonValue>();
        foreach (var item in values.EnumerateArray())
        {
            if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add($"{path}.values", "only strings, numbers and booleans");
                return null;
            }

            list.Add((JsonValue)JsonNode.Parse(item.GetRawText())!);
        }

        return list;
    }

    private static DateOnly? Date(JsonElement e, string path, FieldErrors errors) =>
        e.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(d.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : Missing<DateOnly?>(errors, $"{path}.date", "a date YYYY-MM-DD");

    internal static int? Int(JsonElement e, string name, string path, FieldErrors errors) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : Missing<int?>(errors, $"{path}.{name}", "a whole number")
            : null;

    internal static string? Text(JsonElement e, string path, FieldErrors errors) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= MaxText } s && !s.Contains('\0', StringComparison.Ordinal)
            ? s
            : Missing<string>(errors, path, $"a string of 1 to {MaxText} characters");

    internal static void Unknown(JsonElement e, string path, FieldErrors errors, params string[] known)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in e.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            errors.Add(path.Length == 0 ? property.Name : $"{path}.{property.Name}", $"unknown here; expected: {string.Join(", ", known)}");
        }
    }

    internal static T? Missing<T>(FieldErrors errors, string path, string what = "required")
    {
        errors.Add(path, what);
        return default;
    }

    /// <summary>Whether <paramref name="field"/> names a trait: "traits.plan", "traits.address.city".</summary>
    internal static bool IsTraitPath(string field) =>
        field.StartsWith("traits.", StringComparison.Ordinal) && field["traits.".Length..].Split('.').All(EditableFields.IsValid);

    private static string Snake(string camel) => JsonNamingPolicy.SnakeCaseLower.ConvertName(camel);
}

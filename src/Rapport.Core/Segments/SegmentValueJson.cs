using System.Text.Json;
using Rapport.Core.Validation;
using Rapport.Core.Value;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Segments;

/// <summary>
/// Reads the value conditions (see <see cref="SegmentJson"/>): {"measure": "orders", "op": "gte", "value": 2},
/// {"valueGroup": "most_valuable"}, {"stage": "customer", "orHigher": true}.
/// </summary>
internal static class SegmentValueJson
{
    private static readonly TestOperator[] NumberOperators =
        [TestOperator.Eq, TestOperator.Neq, TestOperator.Gt, TestOperator.Gte, TestOperator.Lt, TestOperator.Lte];

    public static Condition? Read(JsonElement e, string path, FieldErrors errors)
    {
        if (e.TryGetProperty("measure", out var measure))
        {
            Unknown(e, path, errors, "measure", "op", "value");
            var parsed = Enum<ValueMeasure>(measure, $"{path}.measure", errors);
            var test = ReadTest(e, path, errors);
            if (test is not null && (!NumberOperators.Contains(test.Operator) || test.Values[0].GetValueKind() != JsonValueKind.Number))
            {
                errors.Add(path, "a measure is compared with eq, neq, gt, gte, lt or lte and a number");
                return null;
            }

            return parsed is { } m && test is not null ? new MeasureCondition(m, test) : null;
        }

        if (e.TryGetProperty("valueGroup", out var group))
        {
            Unknown(e, path, errors, "valueGroup");
            return Enum<ValueGroup>(group, $"{path}.valueGroup", errors) is { } g ? new ValueGroupCondition(g) : null;
        }

        if (e.TryGetProperty("stage", out var stage))
        {
            Unknown(e, path, errors, "stage", "orHigher");
            var orHigher = false;
            if (e.TryGetProperty("orHigher", out var higher))
            {
                orHigher = higher.ValueKind == JsonValueKind.True
                    || (higher.ValueKind != JsonValueKind.False && Missing<bool>(errors, $"{path}.orHigher", "true or false"));
            }

            return Enum<LoyaltyStage>(stage, $"{path}.stage", errors) is { } s ? new StageCondition(s, orHigher) : null;
        }

        return null;
    }

    /// <summary>A value of a closed set by its wire name ("most_valuable"), or null (an error naming every name).</summary>
    public static T? Enum<T>(JsonElement e, string path, FieldErrors errors) where T : struct, System.Enum =>
        e.ValueKind == JsonValueKind.String && WireName.TryParse<T>(e.GetString(), out var value)
            ? value
            : Missing<T?>(errors, path, $"one of: {WireName.List<T>()}");
}

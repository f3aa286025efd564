using System.Text.Json;
using Rapport.Core.Validation;

namespace Rapport.Core.Value;

/// <summary>
/// How a workspace values its customers. <paramref name="MarginRate"/>: the share of revenue that is margin
/// (0–1). <paramref name="MostValuablePercent"/>: the top share of customers by value that are most valuable.
/// <paramref name="GrowableScore"/>: a below-median customer with a frequency or recency score at least
/// this is most growable.
/// </summary>
public sealed record ValueSettings(double MarginRate, int MostValuablePercent, int GrowableScore)
{
    public static readonly ValueSettings Default = new(0.3, 20, 4);

    /// <summary>{"marginRate": 0.3, "mostValuablePercent": 20, "growableScore": 4}; a field left out keeps <paramref name="current"/>'s.</summary>
    public static ValueSettings? Read(JsonElement body, ValueSettings current, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a JSON object with marginRate, mostValuablePercent, growableScore");
            return null;
        }

        var settings = current;
        foreach (var p in body.EnumerateObject())
        {
            settings = p.Name switch
            {
                "marginRate" => Within(p, 0, 1, false, "a number from 0 to 1: the share of revenue that is margin", errors) is { } r
                    ? settings with { MarginRate = r } : settings,
                "mostValuablePercent" => Within(p, 1, 100, true, "a whole number from 1 to 100", errors) is { } percent
                    ? settings with { MostValuablePercent = (int)percent } : settings,
                "growableScore" => Within(p, 1, 5, true, "a whole number from 1 to 5 (an RFM score)", errors) is { } score
                    ? settings with { GrowableScore = (int)score } : settings,
                _ => Unknown(p, errors, settings),
            };
        }

        return errors.IsEmpty ? settings : null;
    }

    private static double? Within(JsonProperty p, double min, double max, bool whole, string what, FieldErrors errors)
    {
        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var n) && n >= min && n <= max && (!whole || n == Math.Floor(n)))
        {
            return n;
        }

        errors.Add(p.Name, what);
        return null;
    }

    private static ValueSettings Unknown(JsonProperty p, FieldErrors errors, ValueSettings settings)
    {
        errors.Add(p.Name, "unknown here; expected: marginRate, mostValuablePercent, growableScore");
        return settings;
    }
}

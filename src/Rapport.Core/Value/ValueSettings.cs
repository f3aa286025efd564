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
            switch (p.Name)
            {
                case "marginRate" when p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() is >= 0 and <= 1:
                    settings = settings with { MarginRate = p.Value.GetDouble() };
                    break;
                case "marginRate":
                    errors.Add(p.Name, "a number from 0 to 1: the share of revenue that is margin");
                    break;
                case "mostValuablePercent" when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var percent) && percent is >= 1 and <= 100:
                    settings = settings with { MostValuablePercent = percent };
                    break;
                case "mostValuablePercent":
                    errors.Add(p.Name, "a whole number from 1 to 100");
                    break;
                case "growableScore" when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var score) && score is >= 1 and <= 5:
                    settings = settings with { GrowableScore = score };
                    break;
                case "growableScore":
                    errors.Add(p.Name, "a whole number from 1 to 5 (an RFM score)");
                    break;
                default:
                    errors.Add(p.Name, "unknown here; expected: marginRate, mostValuablePercent, growableScore");
                    break;
            }
        }

        return errors.IsEmpty ? settings : null;
    }
}

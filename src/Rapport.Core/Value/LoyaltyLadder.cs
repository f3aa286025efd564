using System.Diagnostics;
using System.Text.Json;
using Rapport.Core.Segments;
using Rapport.Core.Validation;

namespace Rapport.Core.Value;

/// <summary>
/// The rules that put each contact on a rung of the ladder of loyalty: one segment condition per stage
/// above suspect; a contact stands on the highest stage whose rule holds, else is a suspect. A workspace
/// may change the rules; a rule may not test stages or refer to segments (which may test stages).
/// </summary>
public sealed record LoyaltyLadder(IReadOnlyList<LoyaltyLadder.Rule> Rules)
{
    public sealed record Rule(LoyaltyStage Stage, Condition Condition);

    /// <summary>
    /// Prospect: opted in to a seeded topic or showed interest. Customer: one order. Client: repeat orders.
    /// Supporter: a client who reviews, or ordered three times in 180 days. Advocate: a customer who referred someone.
    /// </summary>
    public const string DefaultJson = """
        {
          "prospect": {"any": [{"consent": {"topic": "news"}}, {"consent": {"topic": "products"}}, {"consent": {"topic": "offers"}},
                               {"consent": {"topic": "events"}}, {"event": "Product Viewed"}, {"event": "Product Added"}, {"event": "Signed Up"}]},
          "customer": {"measure": "orders", "op": "gte", "value": 1},
          "client": {"measure": "orders", "op": "gte", "value": 2},
          "supporter": {"all": [{"measure": "orders", "op": "gte", "value": 2},
                                {"any": [{"event": "Product Reviewed"}, {"event": "Order Completed", "count": {"atLeast": 3}, "withinDays": 180}]}]},
          "advocate": {"all": [{"measure": "orders", "op": "gte", "value": 1}, {"event": "Referral Completed"}]}
        }
        """;

    public static LoyaltyLadder Default { get; } = Read(JsonDocument.Parse(DefaultJson).RootElement, new FieldErrors())
        ?? throw new UnreachableException("The default ladder reads.");

    /// <summary>The stage of a contact, given whether each rule holds for them.</summary>
    public LoyaltyStage StageOf(Func<Condition, bool> holds) =>
        Rules.OrderByDescending(r => r.Stage).FirstOrDefault(r => holds(r.Condition))?.Stage ?? LoyaltyStage.Suspect;

    /// <summary>{"prospect": condition, "customer": …, "advocate": …}; a stage left out is never reached.</summary>
    public static LoyaltyLadder? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a JSON object with a condition per stage: prospect, customer, client, supporter, advocate");
            return null;
        }

        var rules = new List<Rule>();
        foreach (var property in body.EnumerateObject())
        {
            if (rules.Any(r => WireName.Of(r.Stage) == property.Name))
            {
                errors.Add(property.Name, "this stage has a rule already: give each stage one rule (combine with any / all)");
                continue;
            }

            if (!WireName.TryParse<LoyaltyStage>(property.Name, out var stage) || stage == LoyaltyStage.Suspect)
            {
                errors.Add(property.Name, "unknown stage; expected: prospect, customer, client, supporter, advocate (a suspect is who no rule holds for)");
                continue;
            }

            if (SegmentJson.ReadCondition(property.Value, property.Name, errors) is { } condition)
            {
                Refuse(condition, property.Name, errors);
                rules.Add(new Rule(stage, condition));
            }
        }

        return errors.IsEmpty ? new LoyaltyLadder(rules.OrderBy(r => r.Stage).ToList()) : null;
    }

    private static void Refuse(Condition condition, string path, FieldErrors errors)
    {
        switch (condition)
        {
            case AllOf all:
                RefuseEach(all.Conditions, $"{path}.all", errors);
                break;
            case AnyOf any:
                RefuseEach(any.Conditions, $"{path}.any", errors);
                break;
            case Not not:
                Refuse(not.Condition, $"{path}.not", errors);
                break;
            case StageCondition:
                errors.Add(path, "a ladder rule cannot test stages: the ladder is what makes them");
                break;
            case SegmentCondition:
                errors.Add(path, "a ladder rule cannot refer to segments: a segment may test stages");
                break;
            default:
                break;
        }
    }

    private static void RefuseEach(IReadOnlyList<Condition> conditions, string path, FieldErrors errors)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            Refuse(conditions[i], $"{path}[{i}]", errors);
        }
    }
}

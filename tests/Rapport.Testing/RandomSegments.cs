using System.Text.Json.Nodes;

namespace Rapport.Testing;

/// <summary>
/// Seeded random segment definitions (as JSON documents) over the fields, events and topics that
/// <see cref="RandomPeople"/> fills in: for differential tests of the SQL against the reference evaluator.
/// </summary>
public sealed class RandomSegments(Random random, IReadOnlyList<string> knownSegments)
{
    private static readonly string[] Fields =
        ["traits.plan", "traits.visits", "traits.vip", "traits.birthday", "traits.score", "traits.address.city", "email", "locale", "city", "externalId"];

    private static readonly string[] Operators =
        ["eq", "neq", "in", "contains", "startsWith", "gt", "gte", "lt", "lte", "exists", "before", "after", "withinLastDays", "anniversaryWithinDays"];

    public JsonObject Condition(int depth = 0)
    {
        var pick = random.Next(depth >= 2 ? 7 : 10);
        return pick switch
        {
            6 => Value(),
            0 or 1 => Trait(),
            2 => Event(),
            3 when random.Next(3) == 0 => Received(),
            3 => new JsonObject { ["consent"] = new JsonObject { ["topic"] = Pick(["news", "offers", "events"]), ["channel"] = Pick(["email", "sms"]) } },
            4 => Bucket(),
            5 when knownSegments.Count > 0 => new JsonObject { ["segment"] = Pick(knownSegments) },
            5 => Trait(),
            7 => new JsonObject { ["all"] = Several(depth) },
            8 => new JsonObject { ["any"] = Several(depth) },
            _ => new JsonObject { ["not"] = Condition(depth + 1) },
        };
    }

    private JsonArray Several(int depth) => new(Enumerable.Range(0, random.Next(1, 4)).Select(_ => (JsonNode)Condition(depth + 1)).ToArray());

    private JsonObject Trait()
    {
        var test = Test(Pick(Operators));
        test["trait"] = Pick(Fields);
        return test;
    }

    private JsonObject Test(string op)
    {
        var test = new JsonObject { ["op"] = op };
        switch (op)
        {
            case "in":
                test["values"] = new JsonArray(Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomPeople.Value(random)).ToArray());
                break;
            case "exists":
                break;
            case "before" or "after":
                test["date"] = $"{random.Next(1985, 2028)}-{random.Next(1, 13):00}-{random.Next(1, 29):00}";
                break;
            case "withinLastDays" or "anniversaryWithinDays":
                test["days"] = Pick([0, 1, 7, 30, 200, 400]);
                break;
            case "contains" or "startsWith":
                test["value"] = Pick(["p", "pr", "", "1", "ż", "Kra", "-0", "@example", "user"]);
                break;
            default:
                test["value"] = RandomPeople.Value(random);
                break;
        }

        return test;
    }

    /// <summary>An event condition: a count, or the first or last time, with or without a window and a property filter.</summary>
    public JsonObject Event()
    {
        var e = new JsonObject { ["event"] = Pick(RandomPeople.EventNames) };
        if (random.Next(2) == 0)
        {
            var filter = Test(Pick(["eq", "neq", "gt", "lte", "exists", "in", "startsWith"]));
            filter["property"] = Pick(["total", "currency", "item.sku"]);
            e["where"] = new JsonArray(filter);
        }

        switch (random.Next(4))
        {
            case 0:
                e["first"] = true;
                break;
            case 1:
                e["last"] = true;
                break;
            default:
                e["count"] = new JsonObject { [Pick(["atLeast", "atMost", "exactly"])] = random.Next(0, 4) };
                break;
        }

        if (e.ContainsKey("first") || e.ContainsKey("last") || random.Next(2) == 0)
        {
            if (random.Next(2) == 0)
            {
                e["withinDays"] = Pick([1, 3, 10, 40]);
            }
            else
            {
                e["between"] = new JsonObject { ["from"] = "2026-02-10T00:00:00Z", ["to"] = "2026-02-25T12:00:00Z" };
            }
        }

        return e;
    }

    private JsonObject Received()
    {
        var received = new JsonObject();
        if (random.Next(2) == 0)
        {
            received["topic"] = Pick(["news", "offers", "events"]);
        }

        if (random.Next(2) == 0)
        {
            received["channel"] = Pick(["email", "sms"]);
        }

        var condition = new JsonObject { ["received"] = received };
        if (random.Next(2) == 0)
        {
            condition["withinDays"] = Pick([1, 3, 10, 40]);
        }

        return condition;
    }

    /// <summary>A measure, value group or stage condition.</summary>
    private JsonObject Value() => random.Next(4) switch
    {
        0 or 1 => new JsonObject
        {
            ["measure"] = Pick(["orders", "revenue", "net_revenue", "refunds", "discounts", "margin", "cost_to_serve", "value", "recency_score", "frequency_score", "monetary_score"]),
            ["op"] = Pick(["eq", "neq", "gt", "gte", "lt", "lte"]),
            ["value"] = Pick([0, 1, 2, 3, 4, 5, 7.5, 25, 50, -10]),
        },
        2 => new JsonObject { ["valueGroup"] = Pick(["most_valuable", "most_growable", "below_zero"]) },
        _ => new JsonObject { ["stage"] = Pick(["suspect", "prospect", "customer", "client", "supporter", "advocate"]), ["orHigher"] = random.Next(2) == 0 },
    };

    private JsonObject Bucket()
    {
        var from = random.Next(100);
        return new JsonObject { ["bucket"] = new JsonObject { ["from"] = from, ["to"] = random.Next(from, 100) } };
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

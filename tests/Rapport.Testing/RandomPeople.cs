using System.Text.Json.Nodes;
using Rapport.Core.Events;

namespace Rapport.Testing;

/// <summary>
/// Seeded random people as tracking messages: identify calls with traits of mixed types (so conditions
/// meet strings, numbers, booleans, dates, nested objects and missing values) and track calls with properties.
/// </summary>
public static class RandomPeople
{
    public static readonly string[] EventNames = ["Order Completed", "Product Viewed", "Email Clicked", "Order Refunded", "Referral Completed"];

    private static readonly JsonNode?[] Scalars =
        ["pro", "free", "Pro", "żółw", "", "abc", "2024-05-01", "1990-12-31T10:00:00Z", "Kraków", 0, 1, 5, 2.5, -3, 100, true, false];

    /// <summary>A scalar of any type for a test value.</summary>
    public static JsonNode Value(Random random) => Scalars[random.Next(Scalars.Length)]?.DeepClone() ?? "x";

    public static List<TrackingMessage> Messages(Random random, int people, DateTimeOffset now, string prefix)
    {
        var messages = new List<TrackingMessage>();
        for (var i = 0; i < people; i++)
        {
            var userId = $"{prefix}-{i}";
            var traits = new JsonObject();
            Maybe(random, () => traits["plan"] = Value(random));
            Maybe(random, () => traits["visits"] = random.Next(0, 12));
            Maybe(random, () => traits["vip"] = random.Next(2) == 0);
            Maybe(random, () => traits["score"] = Value(random));
            Maybe(random, () => traits["birthday"] = Birthday(random, now));
            Maybe(random, () => traits["address"] = new JsonObject { ["city"] = Value(random) });
            Maybe(random, () => traits["email"] = $"user{i}@example.com");
            Maybe(random, () => traits["locale"] = random.Next(2) == 0 ? "pl-PL" : "en");
            messages.Add(Testing.Messages.Identify(userId, null, traits, now.AddDays(-60)));
            for (var e = random.Next(0, 10); e > 0; e--)
            {
                var properties = new JsonObject();
                Maybe(random, () => properties["total"] = random.Next(0, 4) * 25);
                Maybe(random, () => properties["discount"] = random.Next(0, 3) * 5);
                Maybe(random, () => properties["currency"] = random.Next(2) == 0 ? "EUR" : "PLN");
                Maybe(random, () => properties["item"] = new JsonObject { ["sku"] = Value(random) });
                var at = now.AddHours(-random.Next(0, 24 * 45));
                var type = random.Next(6) == 0 ? MessageType.Page : MessageType.Track; // a page named like an event is not that event
                messages.Add(new TrackingMessage(type, Some.Id("msg"), userId, null, null, null,
                    EventNames[random.Next(EventNames.Length)], properties.ToJsonString(), "{}", at));
            }
        }

        return messages;
    }

    /// <summary>Mostly real dates near today's month and day (so anniversaries fall both ways), some not dates at all.</summary>
    private static JsonNode Birthday(Random random, DateTimeOffset now) => random.Next(6) switch
    {
        0 => "not a date",
        1 => 19900101,
        _ => now.AddDays(random.Next(-40, 40)).AddYears(-random.Next(1, 60)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void Maybe(Random random, Action set)
    {
        if (random.Next(4) != 0)
        {
            set();
        }
    }
}

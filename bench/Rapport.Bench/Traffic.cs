using System.Globalization;
using System.Text.Json.Nodes;

namespace Rapport.Bench;

/// <summary>
/// Seeded, repeatable tracking traffic: a population of users sending identify, track and page calls as
/// a shop's site would. The same seed gives the same messages, so runs can be compared.
/// </summary>
public sealed class Traffic(int seed, int users)
{
    private static readonly string[] Events =
        ["Product Viewed", "Product Added", "Cart Viewed", "Checkout Started", "Order Completed", "Coupon Applied", "Email Clicked", "Search"];

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<BenchMessage> Messages(int count)
    {
        var random = new Random(seed);
        var messages = new List<BenchMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var user = random.Next(users);
            var kind = random.Next(10);
            var type = kind == 0 ? "identify" : kind == 1 ? "page" : "track";
            var name = type switch { "track" => Events[random.Next(Events.Length)], "page" => "Product", _ => null };
            var payload = type == "identify"
                ? new JsonObject { ["email"] = $"user{user}@example.com", ["plan"] = random.Next(3) == 0 ? "pro" : "free", ["visits"] = random.Next(100) }
                : new JsonObject { ["productId"] = $"sku-{random.Next(5000)}", ["price"] = Math.Round(random.NextDouble() * 200, 2), ["currency"] = "EUR", ["path"] = "/p/" + random.Next(5000) };
            messages.Add(new BenchMessage(
                $"bench-{seed}-{i}", type, $"user-{user}", name, payload.ToJsonString(), Start.AddSeconds(i)));
        }

        return messages;
    }

    /// <summary>Segment batch bodies of <paramref name="size"/> messages each.</summary>
    public static IEnumerable<string> Batches(IReadOnlyList<BenchMessage> messages, int size) =>
        messages.Chunk(size).Select(chunk => "{\"batch\":[" + string.Join(',', chunk.Select(m => m.ToTrackingJson())) + "]}");
}

/// <summary>One generated message.</summary>
public sealed record BenchMessage(string MessageId, string Type, string UserId, string? Name, string PayloadJson, DateTimeOffset Timestamp)
{
    public string ToTrackingJson()
    {
        var message = new JsonObject
        {
            ["type"] = Type,
            ["messageId"] = MessageId,
            ["userId"] = UserId,
            ["timestamp"] = Timestamp.ToString("O", CultureInfo.InvariantCulture),
            [Type == "identify" ? "traits" : "properties"] = JsonNode.Parse(PayloadJson),
        };
        if (Name is not null)
        {
            message[Type == "track" ? "event" : "name"] = Name;
        }

        return message.ToJsonString();
    }
}

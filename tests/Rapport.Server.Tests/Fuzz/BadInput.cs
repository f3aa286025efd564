using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.Server.Tests.Fuzz;

/// <summary>The classes of bad input a stranger sends: each makes a request body, query or path worse in its own way.</summary>
public enum BadKind
{
    BrokenUtf8,
    LoneSurrogate,
    Nul,
    WrongType,
    DuplicateKey,
    DeepNesting,
    ExtremeNumber,
    NotJson,
    WrongHeaders,
    BadQuery,
    BadPathValue,
}

/// <summary>
/// Makes bad variants of a plausible request body, seeded: a marker put into the JSON tree is replaced in the
/// serialised bytes by what no JSON writer would write (invalid UTF-8, an escaped lone surrogate, a duplicate key).
/// </summary>
public sealed class BadInput(Random random)
{
    private const string Marker = "@@fuzz@@";

    private static readonly string[] Surrogates = [@"\ud800", @"\udfff", @"\ud83d", @"x\udc00y", @"\ud800\ud800"];
    private static readonly byte[][] BrokenUtf8 =
    [
        [0xFF, 0xFE], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ];
    private static readonly string[] Nuls = [@"\u0000", @"a\u0000b", @"\u0000\u0000"];
    private static readonly string[] Numbers = ["1e400", "-1e400", "123456789012345678901234567890", "1e-400", "-0", "0.0000000000000000000001", "9223372036854775808"];
    private static readonly string[] NotJson = ["", " ", "{", "}", "nul", "{\"a\":}", "[1,]", "{'a':1}", "\uFEFF{}", "<xml/>", "{\"a\" 1}"];

    public BadKind Pick(bool hasBody) => hasBody
        ? (BadKind)random.Next(Enum.GetValues<BadKind>().Length)
        : random.Next(2) == 0 ? BadKind.BadQuery : BadKind.BadPathValue;

    /// <summary>A body of the given kind, made from <paramref name="plausible"/>; null for kinds that leave the body good.</summary>
    public byte[] Body(BadKind kind, JsonNode plausible)
    {
        var tree = plausible.DeepClone();
        return kind switch
        {
            BadKind.BrokenUtf8 => Splice(tree, BrokenUtf8[random.Next(BrokenUtf8.Length)], inKey: random.Next(4) == 0),
            BadKind.LoneSurrogate => Splice(tree, Encoding.ASCII.GetBytes(Surrogates[random.Next(Surrogates.Length)]), inKey: random.Next(4) == 0),
            BadKind.Nul => random.Next(5) == 0
                ? [.. Encoding.UTF8.GetBytes(tree.ToJsonString()), 0]
                : Splice(tree, Encoding.ASCII.GetBytes(Nuls[random.Next(Nuls.Length)]), inKey: random.Next(4) == 0),
            BadKind.WrongType => Encoding.UTF8.GetBytes(WrongType(tree).ToJsonString()),
            BadKind.DuplicateKey => Duplicate(tree),
            BadKind.DeepNesting => Deep(),
            BadKind.ExtremeNumber => Number(tree),
            BadKind.NotJson => Encoding.UTF8.GetBytes(NotJson[random.Next(NotJson.Length)]),
            _ => Encoding.UTF8.GetBytes(tree.ToJsonString()),
        };
    }

    /// <summary>A query-string value no client should send.</summary>
    public string QueryValue() => random.Next(8) switch
    {
        0 => "%00",
        1 => "a%00b",
        2 => "%FF%FE",
        3 => "%ED%A0%80",
        4 => new string('x', 6000),
        5 => "-1",
        6 => "99999999999999999999999",
        _ => "%C0%AF",
    };

    /// <summary>A path segment no client should send in place of an id, a key or a token.</summary>
    public string PathValue() => random.Next(9) switch
    {
        0 => "%00",
        1 => "%FF",
        2 => "%ED%A0%80",
        3 => new string('k', 3000),
        4 => "0",
        5 => "-1",
        6 => "9223372036854775807",
        7 => "..%2F..%2Fetc",
        _ => "%E2%80%AE%D8%A7",
    };

    private byte[] Splice(JsonNode tree, byte[] bad, bool inKey)
    {
        Mark(tree, inKey);
        var bytes = Encoding.UTF8.GetBytes(tree.ToJsonString());
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker));
        return at < 0 ? bytes : [.. bytes[..at], .. bad, .. bytes[(at + Marker.Length)..]];
    }

    /// <summary>Puts the marker into a random string value (or key) of the tree, or adds it where there is none.</summary>
    private void Mark(JsonNode tree, bool inKey)
    {
        var objects = Nodes(tree).OfType<JsonObject>().ToList();
        var strings = Nodes(tree).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();
        if (!inKey && strings.Count > 0)
        {
            strings[random.Next(strings.Count)].ReplaceWith(Marker);
        }
        else if (objects.Count > 0)
        {
            objects[random.Next(objects.Count)][Marker] = "v";
        }
    }

    private JsonNode WrongType(JsonNode tree)
    {
        JsonNode[] others = [JsonValue.Create(7)!, JsonValue.Create("text")!, JsonValue.Create(true)!, new JsonArray(1, "a"), new JsonObject { ["a"] = 1 }];
        var nodes = Nodes(tree).Where(n => n.Parent is not null).ToList();
        if (nodes.Count == 0 || random.Next(5) == 0)
        {
            return random.Next(4) switch { 0 => new JsonArray(tree), 1 => JsonValue.Create(42)!, 2 => JsonValue.Create("body")!, _ => new JsonArray() };
        }

        var node = nodes[random.Next(nodes.Count)];
        var other = others[random.Next(others.Length)].DeepClone();
        if (node.Parent is JsonObject parent)
        {
            parent[node.GetPropertyName()] = other;
        }
        else if (node.Parent is JsonArray array)
        {
            array[node.GetElementIndex()] = other;
        }

        return tree;
    }

    private byte[] Duplicate(JsonNode tree)
    {
        var owners = Nodes(tree).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (owners.Count == 0)
        {
            return "{\"a\":1,\"a\":2}"u8.ToArray();
        }

        var owner = owners[random.Next(owners.Count)];
        var (key, value) = owner.ElementAt(random.Next(owner.Count));
        owner[Marker] = value?.DeepClone();
        var text = tree.ToJsonString().Replace($"\"{Marker}\"", System.Text.Json.JsonSerializer.Serialize(key), StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    private byte[] Deep()
    {
        var depth = random.Next(2) == 0 ? 70 : 5000;
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        return Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
    }

    private byte[] Number(JsonNode tree)
    {
        Mark(tree, inKey: false);
        return Encoding.UTF8.GetBytes(tree.ToJsonString().Replace($"\"{Marker}\"", Numbers[random.Next(Numbers.Length)], StringComparison.Ordinal));
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            foreach (var inner in Nodes(child))
            {
                yield return inner;
            }
        }
    }
}

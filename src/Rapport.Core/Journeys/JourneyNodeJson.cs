using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rapport.Core.Consent;
using Rapport.Core.Events;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using static Rapport.Core.Journeys.JourneyJson;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Journeys;

/// <summary>
/// Reads one node of a journey (see <see cref="JourneyJson"/>): {"id", "type", …}, where id is 1 to 64 lower-case letters,
/// digits, '-' and '_', and each edge (next, default, onTimeout…) names the id of another node. The types:
/// send {channel, topic?, transactional?, whenBlocked?: skip | wait, content: {subject?, text, html?} | template: key, next};
/// wait and waitFor (<see cref="JourneyWaitJson"/>); branch {branches: [{condition, next}], default};
/// split {variants: [{name, weight, next}]}, weights adding up to 100; holdout {percent, next};
/// action {setTrait: {trait, value} | clearTrait: trait | grant: {topic, channel?} | withdraw: {topic, channel?} |
/// emit: {event, properties?} | webhook: {url}, next}; exit {}.
/// </summary>
internal static partial class JourneyNodeJson
{
    /// <summary>What reading a node needs to know of the journey around it.</summary>
    public sealed record Journey(bool HasTopic, bool HasEventTrigger);

    /// <summary>The most a message's text or HTML may hold, in bytes of UTF-8: mail clients clip longer messages.</summary>
    public const int MaxBody = 100 * 1024;

    private static readonly string[] Types = ["send", "wait", "waitFor", "branch", "split", "holdout", "action", "exit"];
    private static readonly string[] Actions = ["setTrait", "clearTrait", "grant", "withdraw", "emit", "webhook"];

    /// <summary>The longest URL a webhook may call.</summary>
    public const int MaxUrl = 2000;

    public static JourneyNode? Read(JsonElement e, string path, Journey journey, FieldErrors errors)
    {
        var id = e.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String && IdPattern().IsMatch(i.GetString()!)
            ? i.GetString()!
            : Missing<string>(errors, $"{path}.id", "required: 1 to 64 lower-case letters, digits, '-' and '_'");
        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is null || !Types.Contains(type))
        {
            errors.Add($"{path}.type", $"one of: {string.Join(", ", Types)}");
            return null;
        }

        var named = id ?? ""; // a node without a good id is still read, for the errors in the rest of it
        JourneyNode? node = type switch
        {
            "send" => ReadSend(e, path, named, journey, errors),
            "wait" => JourneyWaitJson.ReadWait(e, path, named, errors),
            "waitFor" => JourneyWaitJson.ReadWaitFor(e, path, named, journey, errors),
            "branch" => ReadBranch(e, path, named, errors),
            "split" => ReadSplit(e, path, named, errors),
            "holdout" => ReadHoldout(e, path, named, errors),
            "action" => ReadAction(e, path, named, errors),
            "exit" => ReadExit(e, path, named, errors),
            _ => throw new UnreachableException(),
        };
        return id is null ? null : node;
    }

    private static SendNode? ReadSend(JsonElement e, string path, string id, Journey journey, FieldErrors errors)
    {
        Unknown(e, path, errors, "id", "type", "channel", "topic", "transactional", "whenBlocked", "content", "template", "next");
        var channel = e.TryGetProperty("channel", out var c)
            ? SegmentValueJson.Enum<Channel>(c, $"{path}.channel", errors)
            : Missing<Channel?>(errors, $"{path}.channel", $"required: one of {WireName.List<Channel>()}");
        var hasTopic = e.TryGetProperty("topic", out var t);
        var topic = hasTopic ? Key(t, $"{path}.topic", errors) : null;
        var transactional = Bool(e, "transactional", path, errors);
        if (!transactional && !hasTopic && !journey.HasTopic)
        {
            errors.Add($"{path}.topic", "a marketing message needs a topic, here or on the journey (a transactional one, transactional: true, does not)");
        }

        var whenBlocked = e.TryGetProperty("whenBlocked", out var w) ? SegmentValueJson.Enum<WhenBlocked>(w, $"{path}.whenBlocked", errors) : WhenBlocked.Skip;
        var content = (e.TryGetProperty("content", out var body), e.TryGetProperty("template", out var template)) switch
        {
            (true, false) => ReadContent(body, $"{path}.content", channel == Channel.Email, errors),
            (false, true) => Key(template, $"{path}.template", errors) is { } key ? new TemplateBody(key) : null,
            (true, true) => Missing<MessageBody>(errors, $"{path}.template", "either content or template, not both"),
            _ => Missing<MessageBody>(errors, $"{path}.content", "required: {subject, text, html}, html optional; or template: the key of a saved template"),
        };
        var next = Edge(e, "next", path, errors);
        return channel is { } ch && content is not null && next is not null
            ? new SendNode(id, ch, content, topic, transactional, whenBlocked ?? WhenBlocked.Skip, next)
            : null;
    }

    private static MessageContent? ReadContent(JsonElement e, string path, bool email, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<MessageContent>(errors, path, "an object with subject, text and html (optional)");
        }

        Unknown(e, path, errors, "subject", "text", "html");
        var subject = e.TryGetProperty("subject", out var s)
            ? Text(s, $"{path}.subject", errors)
            : email ? Missing<string>(errors, $"{path}.subject", "required for an e-mail") : null;
        var text = e.TryGetProperty("text", out var t) ? Body(t, $"{path}.text", errors) : Missing<string>(errors, $"{path}.text");
        var html = e.TryGetProperty("html", out var h) ? Body(h, $"{path}.html", errors) : null;
        return text is null ? null : new MessageContent(subject, text, html);
    }

    private static string? Body(JsonElement e, string path, FieldErrors errors) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s && Encoding.UTF8.GetByteCount(s) <= MaxBody && !s.Contains('\0', StringComparison.Ordinal)
            ? s
            : Missing<string>(errors, path, $"a string of 1 character to {MaxBody / 1024} KB");

    private static BranchNode? ReadBranch(JsonElement e, string path, string id, FieldErrors errors)
    {
        Unknown(e, path, errors, "id", "type", "branches", "default");
        var items = Items(e, "branches", path, 1, 20, errors);
        var branches = new List<Branch>();
        foreach (var (item, at) in items ?? [])
        {
            Unknown(item, at, errors, "condition", "next");
            var condition = item.TryGetProperty("condition", out var c) ? ReadCondition(c, $"{at}.condition", errors) : Missing<Condition>(errors, $"{at}.condition");
            if (Edge(item, "next", at, errors) is { } next && condition is not null)
            {
                branches.Add(new Branch(condition, next));
            }
        }

        var fallback = Edge(e, "default", path, errors);
        return items is not null && fallback is not null && branches.Count == e.GetProperty("branches").GetArrayLength()
            ? new BranchNode(id, branches, fallback)
            : null;
    }

    private static SplitNode? ReadSplit(JsonElement e, string path, string id, FieldErrors errors)
    {
        Unknown(e, path, errors, "id", "type", "variants");
        var items = Items(e, "variants", path, 2, 10, errors);
        var variants = new List<Variant>();
        foreach (var (item, at) in items ?? [])
        {
            Unknown(item, at, errors, "name", "weight", "next");
            var name = item.TryGetProperty("name", out var n) ? Text(n, $"{at}.name", errors) : Missing<string>(errors, $"{at}.name");
            if (name is not null && variants.Any(v => v.Name == name))
            {
                errors.Add($"{at}.name", $"another variant is named '{name}'");
            }

            var weight = Whole(item, "weight", at, 1, 100, errors);
            if (Edge(item, "next", at, errors) is { } next && name is not null && weight is { } w)
            {
                variants.Add(new Variant(name, w, next));
            }
        }

        var sum = variants.Sum(v => v.Weight);
        if (items is not null && variants.Count == items.Count && sum != 100)
        {
            errors.Add($"{path}.variants", $"the weights add up to 100, not {sum}");
        }

        return items is not null && variants.Count == e.GetProperty("variants").GetArrayLength() ? new SplitNode(id, variants) : null;
    }

    private static HoldoutNode? ReadHoldout(JsonElement e, string path, string id, FieldErrors errors)
    {
        Unknown(e, path, errors, "id", "type", "percent", "next");
        var percent = Whole(e, "percent", path, 1, 99, errors);
        var next = Edge(e, "next", path, errors);
        return percent is { } p && next is not null ? new HoldoutNode(id, p, next) : null;
    }

    private static ActionNode? ReadAction(JsonElement e, string path, string id, FieldErrors errors)
    {
        var kind = Actions.FirstOrDefault(k => e.TryGetProperty(k, out _));
        if (kind is null)
        {
            Unknown(e, path, errors, ["id", "type", "next", .. Actions]);
            errors.Add(path, $"an action does one of: {string.Join(", ", Actions)}");
            return null;
        }

        Unknown(e, path, errors, "id", "type", kind, "next");
        var value = e.GetProperty(kind);
        var at = $"{path}.{kind}";
        JourneyAction? action = kind switch
        {
            "setTrait" => ReadSetTrait(value, at, errors),
            "clearTrait" => TraitPath(value, at, errors) is { } trait ? new JourneyAction.SetTrait(trait, null) : null,
            "grant" or "withdraw" => ReadConsent(value, at, kind == "grant", errors),
            "emit" => ReadEmit(value, at, errors),
            "webhook" => ReadWebhook(value, at, errors),
            _ => throw new UnreachableException(),
        };
        var next = Edge(e, "next", path, errors);
        return action is not null && next is not null ? new ActionNode(id, action, next) : null;
    }

    private static JourneyAction.SetTrait? ReadSetTrait(JsonElement e, string path, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<JourneyAction.SetTrait>(errors, path, "an object with trait and value");
        }

        Unknown(e, path, errors, "trait", "value");
        var trait = e.TryGetProperty("trait", out var t) ? TraitPath(t, $"{path}.trait", errors) : Missing<string>(errors, $"{path}.trait");
        if (!e.TryGetProperty("value", out var value))
        {
            errors.Add($"{path}.value", "required: any JSON value (null clears the trait)");
            return null;
        }

        return trait is null ? null : new JourneyAction.SetTrait(trait, JsonNode.Parse(value.GetRawText()));
    }

    private static JourneyAction.ChangeConsent? ReadConsent(JsonElement e, string path, bool grant, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<JourneyAction.ChangeConsent>(errors, path, "an object with topic and channel (optional: email)");
        }

        Unknown(e, path, errors, "topic", "channel");
        var topic = e.TryGetProperty("topic", out var t) ? Key(t, $"{path}.topic", errors) : Missing<string>(errors, $"{path}.topic");
        var channel = e.TryGetProperty("channel", out var c) ? SegmentValueJson.Enum<Channel>(c, $"{path}.channel", errors) : Channel.Email;
        return topic is not null && channel is { } ch ? new JourneyAction.ChangeConsent(topic, ch, grant) : null;
    }

    private static JourneyAction.Emit? ReadEmit(JsonElement e, string path, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<JourneyAction.Emit>(errors, path, "an object with event and properties (optional)");
        }

        Unknown(e, path, errors, "event", "properties");
        var name = e.TryGetProperty("event", out var n) ? EventName(n, $"{path}.event", errors) : Missing<string>(errors, $"{path}.event");
        if (name is not null && ReservedEvents.IsReserved(name))
        {
            errors.Add($"{path}.event", $"'{name}' is reserved: only Rapport records it");
        }

        var properties = new JsonObject();
        if (e.TryGetProperty("properties", out var p))
        {
            properties = p.ValueKind == JsonValueKind.Object ? JsonNode.Parse(p.GetRawText())!.AsObject() : Missing<JsonObject>(errors, $"{path}.properties", "a JSON object");
        }

        return name is null || properties is null ? null : new JourneyAction.Emit(name, properties);
    }

    private static JourneyAction.Webhook? ReadWebhook(JsonElement e, string path, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return Missing<JourneyAction.Webhook>(errors, path, "an object with url");
        }

        Unknown(e, path, errors, "url");
        if (!e.TryGetProperty("url", out var u))
        {
            return Missing<JourneyAction.Webhook>(errors, $"{path}.url");
        }

        return u.ValueKind == JsonValueKind.String && u.GetString() is { Length: > 0 and <= MaxUrl } text
            && Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.Host.Length > 0
            ? new JourneyAction.Webhook(url)
            : Missing<JourneyAction.Webhook>(errors, $"{path}.url", $"an absolute http or https URL of at most {MaxUrl} characters");
    }

    private static ExitNode ReadExit(JsonElement e, string path, string id, FieldErrors errors)
    {
        Unknown(e, path, errors, "id", "type");
        return new ExitNode(id);
    }

    /// <summary>A trait as segments name it: "traits.plan", "traits.address.city".</summary>
    internal static string? TraitPath(JsonElement e, string path, FieldErrors errors)
    {
        var trait = Text(e, path, errors);
        return trait is null || IsTraitPath(trait) ? trait : Missing<string>(errors, path, "traits.NAME: a dot path of letters, digits and '_' under traits");
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

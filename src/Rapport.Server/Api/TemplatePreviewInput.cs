using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Templates;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>
/// What a preview renders for: <c>contactId</c> (a stored contact) or <c>sample</c> (<c>{"contact": {…}, "traits": {…}}</c>,
/// made-up data; neither: an empty sample), the <c>journey</c> data, the <c>locale</c> to render in (else the person's)
/// and the <c>version</c> (else the newest). Wrong fields are errors by path.
/// </summary>
public sealed record TemplatePreviewInput(long? ContactId, JsonObject Contact, JsonObject Traits, JsonObject Journey, string? Locale, int? Version)
{
    public static TemplatePreviewInput? Read(JsonObject body, FieldErrors errors)
    {
        foreach (var unknown in body.Select(p => p.Key).Where(k => k is not ("key" or "contactId" or "sample" or "journey" or "locale" or "version")))
        {
            errors.Add(unknown, "unknown here; expected: contactId, sample, journey, locale, version");
        }

        long? contactId = body["contactId"] is { } id ? Whole(id, "contactId", long.MaxValue, errors) : null;
        int? version = body["version"] is { } v ? (int?)Whole(v, "version", int.MaxValue, errors) : null;
        var sample = Object(body, "sample", "", errors);
        if (contactId is not null && body["sample"] is not null)
        {
            errors.Add("sample", "give contactId or sample, not both");
        }

        foreach (var unknown in sample.Select(p => p.Key).Where(k => k is not ("contact" or "traits")))
        {
            errors.Add($"sample.{unknown}", "unknown here; expected: contact, traits");
        }

        var contact = Object(sample, "contact", "sample", errors);
        var locale = ReadLocale(body["locale"], "locale", errors);
        if (contact["locale"] is not null)
        {
            contact["locale"] = ReadLocale(contact["locale"], "sample.contact.locale", errors);
        }

        if (contact["timeZone"] is { } zone)
        {
            contact["timeZone"] = zone.GetValueKind() == System.Text.Json.JsonValueKind.String && TimeZoneName.TryNormalize(zone.GetValue<string>(), out var name, out _)
                ? name
                : Missing<string>(errors, "sample.contact.timeZone", "an IANA time zone such as Europe/Warsaw");
        }

        var input = new TemplatePreviewInput(contactId, contact, Object(sample, "traits", "sample", errors), Object(body, "journey", "", errors), locale, version);
        return errors.IsEmpty ? input : null;
    }

    /// <summary>The sample as template data (its links: the placeholders given).</summary>
    public TemplateData Sample(string unsubscribeUrl, string preferencesUrl) => new(
        Contact, Traits, Journey, Contact["locale"]?.GetValue<string>(), Contact["timeZone"]?.GetValue<string>(), unsubscribeUrl, preferencesUrl);

    private static long? Whole(JsonNode node, string path, long max, FieldErrors errors) =>
        node.GetValueKind() == System.Text.Json.JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var n) && n >= 1 && n <= max
            ? n
            : Missing<long?>(errors, path, "a whole number of at least 1");

    private static JsonObject Object(JsonObject parent, string name, string path, FieldErrors errors)
    {
        var at = path.Length == 0 ? name : $"{path}.{name}";
        return parent[name] switch
        {
            null => [],
            JsonObject o => o.DeepClone().AsObject(),
            _ => Missing<JsonObject>(errors, at, "a JSON object") ?? [],
        };
    }

    private static string? ReadLocale(JsonNode? node, string path, FieldErrors errors) =>
        node is null ? null
        : node.GetValueKind() == System.Text.Json.JsonValueKind.String && LocaleName.TryNormalize(node.GetValue<string>(), out var tag, out _) ? tag
        : Missing<string>(errors, path, "a locale such as en, en-GB or pl-PL");

    private static T? Missing<T>(FieldErrors errors, string path, string what)
    {
        errors.Add(path, what);
        return default;
    }
}

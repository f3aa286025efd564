using System.Text.Json;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Validation;
using static Rapport.Core.Segments.SegmentJson;

namespace Rapport.Core.Templates;

/// <summary>
/// Reads a template from JSON into typed records, naming the path of every error ("locales.en.subject"); a member it
/// does not know is an error, and so is Liquid that does not parse (with its line and column). The document:
/// {"key", "name", "channel": "email" | "sms", "defaultLocale"?: one of the locales (may be left out when there is one),
/// "locales": {"en": {"subject", "html"?, "text"?}, "pl-PL": {…}}}. An e-mail needs a subject and HTML or text in each
/// locale; an SMS needs text only.
/// </summary>
public static class TemplateJson
{
    public const int MaxLocales = 50;
    public const int MaxSubject = 1_000;
    public const int MaxBody = 200_000;
    public const int MaxSms = 2_000;

    public static TemplateDefinition? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a template is a JSON object with key, name, channel and locales");
            return null;
        }

        Unknown(body, "", errors, "key", "name", "channel", "defaultLocale", "locales");
        var (key, name) = ReadKeyAndName(body, errors);
        var channel = ReadChannel(body, errors);
        var locales = ReadLocales(body, channel ?? Channel.Email, errors); // read as e-mail when the channel is wrong: its own errors still show
        var defaultLocale = ReadDefaultLocale(body, locales, errors);
        return errors.IsEmpty ? new TemplateDefinition(key, name, channel!.Value, defaultLocale!, locales) : null;
    }

    private static Channel? ReadChannel(JsonElement body, FieldErrors errors) =>
        body.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String && WireName.TryParse<Channel>(c.GetString(), out var channel)
            && channel is Channel.Email or Channel.Sms
            ? channel
            : Missing<Channel?>(errors, "channel", "required: email or sms");

    private static Dictionary<string, TemplateVariant> ReadLocales(JsonElement body, Channel channel, FieldErrors errors)
    {
        var locales = new Dictionary<string, TemplateVariant>(StringComparer.Ordinal);
        if (!body.TryGetProperty("locales", out var all) || all.ValueKind != JsonValueKind.Object || !all.EnumerateObject().Any()
            || all.EnumerateObject().Count() > MaxLocales)
        {
            errors.Add("locales", $"required: an object of 1 to {MaxLocales} locales, such as {{\"en\": {{\"subject\": …, \"html\": …}}}}");
            return locales;
        }

        foreach (var locale in all.EnumerateObject())
        {
            var path = $"locales.{locale.Name}";
            if (!LocaleName.TryNormalize(locale.Name, out var tag, out var reason) || tag != locale.Name)
            {
                errors.Add(path, tag == locale.Name ? reason : $"write it '{tag}'");
            }
            else if (ReadVariant(locale.Value, tag, path, channel, errors) is { } variant)
            {
                locales[tag] = variant;
            }
        }

        return locales;
    }

    private static TemplateVariant? ReadVariant(JsonElement e, string locale, string path, Channel channel, FieldErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, channel == Channel.Email ? "an object with subject, html and text" : "an object with text");
            return null;
        }

        if (channel == Channel.Sms)
        {
            Unknown(e, path, errors, "text");
            var sms = Part(e, "text", path, MaxSms, errors, required: true);
            return sms is null ? null : new TemplateVariant(locale, null, null, sms);
        }

        Unknown(e, path, errors, "subject", "html", "text");
        var subject = Part(e, "subject", path, MaxSubject, errors, required: true);
        var html = Part(e, "html", path, MaxBody, errors, required: false);
        var text = Part(e, "text", path, MaxBody, errors, required: false);
        if (!e.TryGetProperty("html", out _) && !e.TryGetProperty("text", out _))
        {
            errors.Add(path, "give html, text or both (a missing text part is made from the HTML)");
        }

        return subject is null || (html is null && text is null) ? null : new TemplateVariant(locale, subject, html, text);
    }

    /// <summary>A part's Liquid, parsed; null (an error when <paramref name="required"/>, or when it is not a string) when absent.</summary>
    private static LiquidText? Part(JsonElement e, string name, string path, int max, FieldErrors errors, bool required)
    {
        var at = $"{path}.{name}";
        if (!e.TryGetProperty(name, out var part))
        {
            return required ? Missing<LiquidText>(errors, at, "required: Liquid text") : null;
        }

        return part.ValueKind == JsonValueKind.String && part.GetString() is { Length: > 0 } source && source.Length <= max
            ? Liquid.Parse(source, at, errors)
            : Missing<LiquidText>(errors, at, $"Liquid text of 1 to {max} characters");
    }

    private static string? ReadDefaultLocale(JsonElement body, Dictionary<string, TemplateVariant> locales, FieldErrors errors)
    {
        if (locales.Count == 0)
        {
            return null; // the locales are wrong, and named
        }

        if (!body.TryGetProperty("defaultLocale", out var d))
        {
            return locales.Count == 1 ? locales.Keys.Single() : Missing<string>(errors, "defaultLocale", "required when there are several locales: one of them");
        }

        return d.ValueKind == JsonValueKind.String && d.GetString() is { } locale && locales.ContainsKey(locale)
            ? locale
            : Missing<string>(errors, "defaultLocale", $"one of the template's locales: {string.Join(", ", locales.Keys)}");
    }
}

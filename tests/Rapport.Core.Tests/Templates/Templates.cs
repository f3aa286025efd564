using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Templates;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Templates;

/// <summary>Templates made from JSON for the tests, and rendering them for made-up people.</summary>
internal static class Templates
{
    public static readonly DateTimeOffset Now = new(2027, 3, 4, 12, 0, 0, TimeSpan.Zero);

    public static TemplateDefinition Email(string html, string subject = "Hi", string? text = null, string locale = "en")
    {
        var variant = new JsonObject { ["subject"] = subject, ["html"] = html };
        if (text is not null)
        {
            variant["text"] = text;
        }

        return Read(new JsonObject { ["key"] = "t", ["name"] = "T", ["channel"] = "email", ["locales"] = new JsonObject { [locale] = variant } });
    }

    public static TemplateDefinition Read(JsonObject document)
    {
        var errors = new FieldErrors();
        var definition = TemplateJson.Read(JsonDocument.Parse(document.ToJsonString()).RootElement, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return definition!;
    }

    public static IDictionary<string, string[]> Errors(string json)
    {
        var errors = new FieldErrors();
        Assert.Null(TemplateJson.Read(JsonDocument.Parse(json).RootElement, errors));
        return errors.ToDictionary();
    }

    public static TemplateData Person(string? locale = null, string? zone = null, string traits = "{}", string journey = "{}") =>
        new(new JsonObject { ["id"] = 7, ["email"] = "ada@example.com", ["locale"] = locale, ["timeZone"] = zone },
            JsonNode.Parse(traits)!.AsObject(), JsonNode.Parse(journey)!.AsObject(), locale, zone, "https://r.example/u/tok", "https://r.example/p/tok");

    public static Task<RenderedTemplate> RenderAsync(TemplateDefinition template, TemplateData data, RenderLimits? limits = null, string? locale = null,
        CancellationToken ct = default) =>
        TemplateRenderer.RenderAsync(template, data, locale, limits ?? RenderLimits.Default, Now, ct);

    public static async Task<string> HtmlAsync(string html, TemplateData? data = null) =>
        (await RenderAsync(Email(html), data ?? Person())).Html!;
}

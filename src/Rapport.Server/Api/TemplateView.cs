using System.Text.Json.Nodes;
using Rapport.Core.Ports;
using Rapport.Engine.Templates;

namespace Rapport.Server.Api;

/// <summary>
/// A template as the API shows it: its newest (or asked-for) version, channel and locales; for one template also its
/// document (<paramref name="Template"/>, as given) and every version (<paramref name="Versions"/>, newest first).
/// </summary>
public sealed record TemplateView(
    string Key, int Version, string Name, string Channel, string DefaultLocale, IReadOnlyList<string> Locales, DateTimeOffset UpdatedAt,
    JsonNode? Template, IReadOnlyList<TemplateVersion>? Versions)
{
    public static TemplateView Of(CurrentTemplate t, bool withDocument, IReadOnlyList<TemplateVersion>? versions) => new(
        t.Stored.Key, t.Stored.Version, t.Stored.Name, t.Stored.Channel, t.Definition.DefaultLocale,
        [.. t.Definition.Locales.Keys.Order(StringComparer.Ordinal)], t.Stored.CreatedAt, withDocument ? Document(t.Stored) : null, versions);

    private static JsonObject Document(StoredTemplate stored)
    {
        var document = JsonNode.Parse(stored.Document)!.AsObject();
        document.Remove("key");
        return document;
    }
}

namespace Rapport.Server.Api;

/// <summary>The body of PUT /api/v1/templates/{key} (for the API document): <c>locales</c> maps a locale to its parts.</summary>
public sealed record TemplateInput(string Name, string Channel, string? DefaultLocale, IReadOnlyDictionary<string, TemplateParts> Locales);

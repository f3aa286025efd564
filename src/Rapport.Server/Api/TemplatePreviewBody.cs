using System.Text.Json.Nodes;

namespace Rapport.Server.Api;

/// <summary>The body of POST /api/v1/templates/{key}/preview (for the API document); read by <see cref="TemplatePreviewInput"/>.</summary>
public sealed record TemplatePreviewBody(long? ContactId, JsonObject? Sample, JsonObject? Journey, string? Locale, int? Version);

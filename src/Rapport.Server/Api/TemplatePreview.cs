namespace Rapport.Server.Api;

/// <summary>A template rendered for a contact or for sample data: the version and locale used, and each part.</summary>
public sealed record TemplatePreview(string Key, int Version, string Locale, string? Subject, string? Html, string Text);

namespace Rapport.Server.Api;

/// <summary>A template's Liquid in one locale: subject, html and text for e-mail (text may be left out), text for SMS.</summary>
public sealed record TemplateParts(string? Subject, string? Html, string? Text);

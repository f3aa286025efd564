namespace Rapport.Core.Templates;

/// <summary>A template rendered for one person: the locale it was rendered in, the subject and HTML (e-mail), and the text.</summary>
public sealed record RenderedTemplate(string Locale, string? Subject, string? Html, string Text);

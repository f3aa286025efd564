namespace Rapport.Core.Templates;

/// <summary>
/// A template's content in one locale: for e-mail a subject, and HTML or text or both (a missing text part is derived
/// from the HTML when rendered); for SMS the text.
/// </summary>
public sealed record TemplateVariant(string Locale, LiquidText? Subject, LiquidText? Html, LiquidText? Text);

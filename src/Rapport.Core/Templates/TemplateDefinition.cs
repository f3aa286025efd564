using Rapport.Core.Consent;

namespace Rapport.Core.Templates;

/// <summary>
/// A message template: its channel (e-mail or SMS), its content per locale, and the locale used for a person whose own
/// locale the template lacks (<paramref name="DefaultLocale"/>, one of <paramref name="Locales"/>).
/// </summary>
public sealed record TemplateDefinition(string Key, string Name, Channel Channel, string DefaultLocale, IReadOnlyDictionary<string, TemplateVariant> Locales)
{
    /// <summary>
    /// The variant for <paramref name="locale"/>: the same locale ("pt-BR"), else its language ("pt"), else another
    /// locale of that language ("pt-PT"), else the default one.
    /// </summary>
    public TemplateVariant VariantFor(string? locale)
    {
        if (locale is not null)
        {
            if (Locales.TryGetValue(locale, out var exact))
            {
                return exact;
            }

            var language = locale.Split('-')[0];
            if (Locales.TryGetValue(language, out var general))
            {
                return general;
            }

            if (Locales.Values.Where(v => v.Locale.StartsWith(language + "-", StringComparison.Ordinal)).MinBy(v => v.Locale, StringComparer.Ordinal) is { } sibling)
            {
                return sibling;
            }
        }

        return Locales[DefaultLocale];
    }
}

using System.Globalization;

namespace Rapport.Core.Templates;

/// <summary>The culture dates and amounts are written in.</summary>
internal static class FormatCulture
{
    /// <summary>
    /// The person's locale when it is of the language the template is rendered in ("en-GB" for an "en" template: British
    /// dates in English words); otherwise the rendered locale, so that a date never switches language mid-sentence.
    /// </summary>
    public static CultureInfo For(string renderedLocale, string? personLocale)
    {
        var rendered = CultureInfo.GetCultureInfo(renderedLocale);
        if (personLocale is null)
        {
            return rendered;
        }

        try
        {
            var person = CultureInfo.GetCultureInfo(personLocale, predefinedOnly: true);
            return person.TwoLetterISOLanguageName == rendered.TwoLetterISOLanguageName ? person : rendered;
        }
        catch (CultureNotFoundException)
        {
            return rendered;
        }
    }
}

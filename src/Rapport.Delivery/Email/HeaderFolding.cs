using System.Text;

namespace Rapport.Delivery.Email;

/// <summary>
/// Writes one header field (RFC 5322 §2.2.3): folded before whitespace so lines stay within 78 characters
/// where the value allows, and never beyond the hard limit of 998.
/// </summary>
internal static class HeaderFolding
{
    public const int SoftLimit = 78;
    public const int HardLimit = 998;

    public static void Append(StringBuilder mail, string name, string value)
    {
        var text = value.Length == 0 ? name + ":" : name + ": " + value;
        var lastVisible = text.AsSpan().LastIndexOfAnyExcept(' ', '\t');
        var start = 0;
        var earliest = name.Length + 2; // never fold away the whole first line of the value
        while (text.Length - start > SoftLimit && BreakBefore(text, start, earliest, lastVisible) is var at and > 0)
        {
            Line(mail, name, text[start..at]);
            start = at;
            earliest = at + 1;
        }

        Line(mail, name, text[start..]);
    }

    /// <summary>
    /// Where to fold: before a space or tab that follows a visible character, with something visible after it,
    /// so no line ends in or consists of whitespace. The last such point within the soft limit, else the first after it.
    /// </summary>
    private static int BreakBefore(string text, int start, int earliest, int lastVisible)
    {
        var best = -1;
        for (var k = earliest; k < lastVisible; k++)
        {
            if (text[k] is not (' ' or '\t') || text[k - 1] is ' ' or '\t')
            {
                continue;
            }

            if (k - start > SoftLimit && best > 0)
            {
                break;
            }

            best = k;
            if (k - start > SoftLimit)
            {
                break;
            }
        }

        return best;
    }

    private static void Line(StringBuilder mail, string name, string line)
    {
        if (line.Length > HardLimit)
        {
            throw new ArgumentException($"The {name} header holds a word too long for one line of {HardLimit} characters.", name);
        }

        mail.Append(line).Append("\r\n");
    }
}

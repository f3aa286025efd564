using System.Globalization;
using System.Text;

namespace Rapport.Core.Contacts;

/// <summary>
/// E-mail addresses as Rapport keeps them: a dot-atom local part (RFC 5322, kept as typed) and a
/// domain that is lower-cased and written in ASCII (IDNA), so one mailbox has one spelling.
/// </summary>
public static class EmailAddress
{
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";
    private static readonly IdnMapping Idn = new();

    public static bool TryNormalize(string raw, out string normalized, out string reason)
    {
        normalized = "";
        var text = raw.Trim();
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            reason = "not an e-mail address: it needs a local part, '@' and a domain";
            return false;
        }

        var local = text[..at];
        if (local.Length > 64 || !IsDotAtom(local))
        {
            reason = "the part before '@' is not a valid mailbox name";
            return false;
        }

        if (!TryNormalizeDomain(text[(at + 1)..], out var domain))
        {
            reason = "the part after '@' is not a valid domain";
            return false;
        }

        normalized = $"{local}@{domain}";
        reason = "";
        return normalized.Length <= 254 || Fail(out reason, "longer than 254 characters");
    }

    private static bool Fail(out string reason, string why)
    {
        reason = why;
        return false;
    }

    private static bool IsDotAtom(string local)
    {
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c == '.' || AtomSpecials.Contains(c, StringComparison.Ordinal)
                     || c > 127; // RFC 6531 internationalised local parts
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryNormalizeDomain(string domain, out string ascii)
    {
        ascii = "";
        try
        {
            ascii = (Ascii.IsValid(domain) ? domain : Idn.GetAscii(domain)).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        return ascii.Length <= 253 && labels.Length >= 2 && labels.All(IsLabel) && !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-')
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

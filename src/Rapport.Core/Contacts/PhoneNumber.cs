namespace Rapport.Core.Contacts;

/// <summary>
/// Phone numbers as Rapport keeps them: E.164, "+" and 8 to 15 digits starting with a country calling
/// code. Accepts what people type: spaces, dashes, dots, brackets, "00" (or "011" in North America) for
/// "+", and national numbers with their trunk prefix when a default country is set.
/// </summary>
public static class PhoneNumber
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15;

    public static bool IsKnownCountry(string iso2) => CallingCodes.TryGet(iso2, out _, out _);

    public static bool TryNormalize(string raw, string? defaultCountry, out string e164, out string reason)
    {
        e164 = "";
        var text = raw.Trim();
        if (text.Any(char.IsLetter))
        {
            reason = HasExtension(text)
                ? "has an extension, which E.164 numbers cannot hold: store the number without it"
                : "not a phone number: it has letters";
            return false;
        }

        var international = text.StartsWith('+');
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (text.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-' or '.' or '(' or ')' or '/' or '+')) || text.LastIndexOf('+') > 0)
        {
            reason = "not a phone number: it has characters other than digits, spaces, dashes, dots and brackets";
            return false;
        }

        string? code = null, trunk = "";
        var knownCountry = defaultCountry is not null && CallingCodes.TryGet(defaultCountry, out code, out trunk);
        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            (international, digits) = (true, digits[2..]);
        }
        else if (!international && code == "1" && digits.StartsWith("011", StringComparison.Ordinal))
        {
            (international, digits) = (true, digits[3..]);
        }

        if (!international)
        {
            if (!knownCountry)
            {
                reason = defaultCountry is null
                    ? "no country: start with + and the country code, or set Rapport:Phone:DefaultCountry"
                    : $"'{defaultCountry}' is not a known country, so the number needs + and its country code";
                return false;
            }

            if (trunk!.Length > 0 && digits.StartsWith(trunk, StringComparison.Ordinal))
            {
                digits = digits[trunk.Length..];
            }

            digits = code + digits;
        }

        return Check(digits, out e164, out reason);
    }

    private static bool Check(string digits, out string e164, out string reason)
    {
        e164 = "";
        if (digits.Length < MinDigits)
        {
            reason = "too short for a phone number";
            return false;
        }

        if (digits.Length > MaxDigits)
        {
            reason = "too long for a phone number (E.164 allows 15 digits)";
            return false;
        }

        if (CallingCodes.CodeOf(digits) is null)
        {
            reason = $"+{digits[..Math.Min(3, digits.Length)]} is not a country calling code";
            return false;
        }

        e164 = "+" + digits;
        reason = "";
        return true;
    }

    private static bool HasExtension(string text)
    {
        var lower = text.ToLowerInvariant();
        return lower.Contains("ext", StringComparison.Ordinal) || lower.Contains('x', StringComparison.Ordinal);
    }
}

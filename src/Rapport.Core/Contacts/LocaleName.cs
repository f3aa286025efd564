using System.Globalization;

namespace Rapport.Core.Contacts;

/// <summary>BCP 47 locale tags ("pl-PL", "ar", "fa-IR") limited to the cultures the platform knows.</summary>
public static class LocaleName
{
    public static bool TryNormalize(string raw, out string tag, out string reason)
    {
        tag = raw.Trim().Replace('_', '-');
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
            if (culture.Name.Length > 0)
            {
                tag = culture.Name;
                reason = "";
                return true;
            }
        }
        catch (CultureNotFoundException)
        {
            // reported below
        }

        reason = $"'{tag}' is not a known locale such as en-GB, pl-PL or ar-SA";
        return false;
    }
}

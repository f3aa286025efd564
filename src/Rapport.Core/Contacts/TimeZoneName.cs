namespace Rapport.Core.Contacts;

/// <summary>IANA time-zone names ("Europe/Warsaw"), as the platform's time-zone database knows them.</summary>
public static class TimeZoneName
{
    public static bool TryNormalize(string raw, out string name, out string reason)
    {
        name = raw.Trim();
        if (name is "UTC" or "Etc/UTC")
        {
            reason = "";
            return true;
        }

        // Windows ids ("Central European Standard Time") are found too, but have no IANA mapping back.
        var isIana = TimeZoneInfo.TryConvertIanaIdToWindowsId(name, out _);
        if (isIana && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            name = zone.Id;
            reason = "";
            return true;
        }

        reason = $"'{name}' is not an IANA time zone such as Europe/Warsaw";
        return false;
    }
}

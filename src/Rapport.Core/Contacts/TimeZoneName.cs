namespace Rapport.Core.Contacts;

/// <summary>IANA time-zone names ("Europe/Warsaw"), as the platform's time-zone database knows them.</summary>
public static class TimeZoneName
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (bool Known, string Name, string Reason)> Seen =
        new(StringComparer.Ordinal);

    /// <summary>Imports repeat the same few zones: each is looked up in the time-zone database once.</summary>
    public static bool TryNormalize(string raw, out string name, out string reason)
    {
        if (!Seen.TryGetValue(raw, out var seen))
        {
            seen = Check(raw, out var checkedName, out var why) ? (true, checkedName, why) : (false, checkedName, why);
            if (Seen.Count < 4096) // bounded: junk input must not grow it without end
            {
                Seen.TryAdd(raw, seen);
            }
        }

        (name, reason) = (seen.Name, seen.Reason);
        return seen.Known;
    }

    private static bool Check(string raw, out string name, out string reason)
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

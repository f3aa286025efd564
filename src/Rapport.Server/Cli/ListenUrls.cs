using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Rapport.Server.Cli;

/// <summary>
/// The urls setting, checked before the web server reads it: it takes a malformed one such as "http://:abc" for
/// every network interface at port 80.
/// </summary>
public static partial class ListenUrls
{
    public static string? Problem(string? urls)
    {
        if (urls is null)
        {
            return null;
        }

        var each = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (each.Length == 0)
        {
            return "urls is empty: name where to listen, like --urls=http://localhost:5000.";
        }

        var wrong = each.FirstOrDefault(url => !IsValid(url));
        return wrong is null
            ? null
            : $"urls: '{wrong}' is not an address to listen on: write it like http://localhost:5000, http://0.0.0.0:5000 or http://[::1]:5000 (several separated by ';').";
    }

    private static bool IsValid(string url)
    {
        if (UnixSocket().IsMatch(url))
        {
            return true;
        }

        var match = Address().Match(url);
        if (!match.Success)
        {
            return false;
        }

        var host = match.Groups["host"].Value;
        var port = match.Groups["port"];
        return (!host.StartsWith('[') || IPAddress.TryParse(host[1..^1], out _))
               && (!port.Success || int.Parse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture) <= 65535);
    }

    [GeneratedRegex(@"^https?://(?<host>\*|\+|\[[0-9A-Fa-f:.%a-z]+\]|[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)(:(?<port>[0-9]{1,5}))?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex Address();

    [GeneratedRegex("^https?://unix:/.+$", RegexOptions.IgnoreCase)]
    private static partial Regex UnixSocket();
}

using System.Text.RegularExpressions;

namespace Rapport.Core.Consent;

/// <summary>Content a workspace offers people to subscribe to (news, products, offers, events…).</summary>
/// <param name="Key">Stable identifier: lower-case letters, digits and '-', at most 64.</param>
public sealed partial record Topic(string Key, string Name, string Description)
{
    public static readonly IReadOnlyList<Topic> Seeded =
    [
        new("news", "News", ""), new("products", "Products", ""), new("offers", "Offers", ""), new("events", "Events", ""),
    ];

    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Rapport.Core.Consent;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Server.Hosting;
using Rapport.Storage;

namespace Rapport.Server.Api;

/// <summary>
/// Builds and reads the signed links of the public pages: preference center (/p/), unsubscribe (/u/)
/// and double opt-in confirmation (/confirm/). The key comes from Rapport:Links:Key, or is generated
/// once and kept in the database so every node and every restart signs alike.
/// </summary>
public sealed class PublicLinks(IOptions<RapportOptions> options, ISettingStore settings, TimeProvider clock)
{
    private const int InstallWide = 0;
    private readonly RapportOptions _options = options.Value;
    private readonly Lazy<Task<LinkTokens>> _tokens = new(() => LoadAsync(options.Value, settings));

    /// <summary>Loads (or first makes) the signing key; after it, links are built without touching the database.</summary>
    public Task ReadyAsync() => _tokens.Value;

    /// <summary>The confirmation link, once <see cref="ReadyAsync"/> has completed (used inside a signup's transaction).</summary>
    public string Confirm(int workspaceId, long contactId, Channel channel) => Url("confirm",
        (_tokens.Value.IsCompletedSuccessfully ? _tokens.Value.Result : throw new InvalidOperationException("Call ReadyAsync first."))
            .Issue(new LinkClaims(workspaceId, contactId, LinkPurpose.Confirm, null, channel, clock.GetUtcNow().AddDays(_options.Links.ConfirmDays))));

    public async Task<string> PreferencesAsync(int workspaceId, long contactId) =>
        Url("p", await IssueAsync(workspaceId, contactId, LinkPurpose.Preferences, null, null, _options.Links.PreferencesDays));

    public async Task<string> UnsubscribeAsync(int workspaceId, long contactId, string? topic, Channel? channel) =>
        Url("u", await IssueAsync(workspaceId, contactId, LinkPurpose.Unsubscribe, topic, channel, _options.Links.UnsubscribeDays));

    public async Task<(LinkClaims? Claims, LinkTokenProblem? Problem)> ReadAsync(string token, LinkPurpose purpose) =>
        (await _tokens.Value).Read(token, purpose, clock.GetUtcNow());

    private async Task<string> IssueAsync(int workspaceId, long contactId, LinkPurpose purpose, string? topic, Channel? channel, int days) =>
        (await _tokens.Value).Issue(new LinkClaims(workspaceId, contactId, purpose, topic, channel, clock.GetUtcNow().AddDays(days)));

    private string Url(string page, string token) => $"{_options.PublicUrl.TrimEnd('/')}/{page}/{token}";

    private static async Task<LinkTokens> LoadAsync(RapportOptions options, ISettingStore settings)
    {
        var key = options.Links.Key ?? await settings.GetOrAddAsync(
            InstallWide, "links.key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CancellationToken.None);
        try
        {
            return new LinkTokens(Convert.FromBase64String(key));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ConfigurationError("Rapport:Links:Key must be base64 of at least 32 random bytes.");
        }
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Engine;
using Rapport.Server.Hosting;
using Rapport.Storage;

namespace Rapport.Server.Api;

/// <summary>
/// Builds and reads the signed links of the public pages: preference center (/p/), unsubscribe (/u/)
/// and double opt-in confirmation (/confirm/). The key comes from Rapport:Links:Key, or is generated
/// once and kept in the database so every node and every restart signs alike. A link carries its
/// contact's link nonce: once the contact is deleted, erased or merged away, no one else's page opens with it.
/// </summary>
public sealed class PublicLinks(IOptions<RapportOptions> options, ISettingStore settings, TimeProvider clock) : IContactLinks
{
    /// <summary>Set by migration 0008: the contacts that existed before links carried a nonce, whose older links still work.</summary>
    private const string NonceFreeUpTo = "links.nonce-free-up-to";

    private readonly RapportOptions _options = options.Value;
    private readonly Lazy<Task<Signing>> _signing = new(() => LoadAsync(options.Value, settings));

    /// <summary>Loads (or first makes) the signing key; after it, links are built without touching the database.</summary>
    public Task ReadyAsync() => _signing.Value;

    /// <summary>The confirmation link, once <see cref="ReadyAsync"/> has completed (used inside a signup's transaction).</summary>
    public string Confirm(int workspaceId, Contact contact, Channel channel) => Url("confirm",
        (_signing.Value.IsCompletedSuccessfully ? _signing.Value.Result : throw new InvalidOperationException("Call ReadyAsync first."))
            .Tokens.Issue(Claims(workspaceId, contact, LinkPurpose.Confirm, null, channel, _options.Links.ConfirmDays)));

    public async Task<string> PreferencesAsync(int workspaceId, Contact contact) =>
        Url("p", (await _signing.Value).Tokens.Issue(Claims(workspaceId, contact, LinkPurpose.Preferences, null, null, _options.Links.PreferencesDays)));

    public async Task<string> UnsubscribeAsync(int workspaceId, Contact contact, string? topic, Channel? channel) =>
        Url("u", (await _signing.Value).Tokens.Issue(Claims(workspaceId, contact, LinkPurpose.Unsubscribe, topic, channel, _options.Links.UnsubscribeDays)));

    /// <summary>A link of the page <paramref name="page"/> ("u", "p") that opens nothing: what a preview with sample data shows.</summary>
    public string Sample(string page) => Url(page, "preview");

    /// <summary>The claims of a valid token for <paramref name="purpose"/> with the contact it was made for; nulls for any other.</summary>
    public async Task<(LinkClaims? Claims, Contact? Contact)> OpenAsync(string token, LinkPurpose purpose, IContactStore contacts, CancellationToken ct)
    {
        var signing = await _signing.Value;
        var (claims, _) = signing.Tokens.Read(token, purpose, clock.GetUtcNow());
        var contact = claims is null ? null : await contacts.GetAsync(claims.WorkspaceId, claims.ContactId, ct);
        return claims is not null && contact is not null && claims.IsFor(contact, signing.NonceFreeUpTo) ? (claims, contact) : (null, null);
    }

    private LinkClaims Claims(int workspaceId, Contact contact, LinkPurpose purpose, string? topic, Channel? channel, int days) =>
        new(workspaceId, contact.Id, purpose, topic, channel, clock.GetUtcNow().AddDays(days), contact.LinkNonce);

    private string Url(string page, string token) => $"{_options.PublicUrl.TrimEnd('/')}/{page}/{token}";

    private static async Task<Signing> LoadAsync(RapportOptions options, ISettingStore settings)
    {
        var key = options.Links.Key ?? await InstallSecrets.GetOrMakeAsync(settings, "links.key", CancellationToken.None);
        var nonceFree = long.TryParse(await settings.GetAsync(InstallSecrets.InstallWide, NonceFreeUpTo, CancellationToken.None), NumberStyles.None,
            CultureInfo.InvariantCulture, out var upTo) ? upTo : 0;
        try
        {
            return new Signing(new LinkTokens(Convert.FromBase64String(key)), nonceFree);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ConfigurationError("Rapport:Links:Key must be base64 of at least 32 random bytes.");
        }
    }

    private sealed record Signing(LinkTokens Tokens, long NonceFreeUpTo);
}

using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Server.Api;

namespace Rapport.Server.Pages;

/// <summary>A public page request whose signed link was read: the contact it is for and the words to speak.</summary>
public sealed record PageRequest(LinkClaims Claims, Contact Contact, PageTexts Texts)
{
    /// <summary>The request's page, or null with the texts for a "bad link" page (nothing is changed then).</summary>
    public static async Task<(PageRequest? Request, PageTexts Texts)> ReadAsync(
        HttpContext http, string token, LinkPurpose purpose, PublicLinks links, IContactStore contacts)
    {
        var fallback = PageTexts.For(http.Request.Headers.AcceptLanguage.ToString().Split(',')[0]);
        var (claims, _) = await links.ReadAsync(token, purpose);
        if (claims is null || await contacts.GetAsync(claims.WorkspaceId, claims.ContactId, http.RequestAborted) is not { } contact)
        {
            return (null, fallback);
        }

        var texts = contact.Locale is null ? fallback : PageTexts.For(contact.Locale);
        return (new PageRequest(claims, contact, texts), texts);
    }

    public Evidence Evidence(HttpContext http, string? note = null) => new(
        http.Connection.RemoteIpAddress?.ToString(), Truncate(http.Request.Headers.UserAgent.ToString(), 512), null, null, note);

    public ConsentRecord Record(HttpContext http, string? topic, Channel? channel, ConsentAction action, ConsentSource source, DateTimeOffset now,
        string? reason = null, Frequency? frequency = null, MessageFormat? format = null) =>
        new(Contact.Id, topic, channel, action, LegalBasis.Consent, source, Evidence(http), reason, false, frequency, format, now);

    private static string? Truncate(string text, int max) => text.Length == 0 ? null : text.Length <= max ? text : text[..max];
}

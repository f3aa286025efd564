using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Server.Api;

namespace Rapport.Server.Pages;

/// <summary>A public page request whose signed link was read: the contact it is for and the words to speak.</summary>
public sealed record PageRequest(LinkClaims Claims, Contact Contact, PageTexts Texts)
{
    /// <summary>
    /// The request's page, or null with the texts for a "bad link" page (nothing is changed then): a token that is not
    /// intact, has expired, is for another purpose, or whose contact is gone (deleted, erased, merged into another).
    /// </summary>
    public static async Task<(PageRequest? Request, PageTexts Texts)> ReadAsync(
        HttpContext http, string token, LinkPurpose purpose, PublicLinks links, IContactStore contacts)
    {
        var fallback = PageTexts.For(http.Request.Headers.AcceptLanguage.ToString().Split(',')[0]);
        var (claims, contact) = await links.OpenAsync(token, purpose, contacts, http.RequestAborted);
        if (claims is null || contact is null)
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

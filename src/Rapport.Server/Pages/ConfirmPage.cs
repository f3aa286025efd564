using Rapport.Core.Consent;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Server.Api;

namespace Rapport.Server.Pages;

/// <summary>
/// /confirm/{token}: the double opt-in link. The GET shows a button (a mail scanner opening the link
/// confirms nothing); its POST confirms every pending grant on the link's channel, with the request as evidence.
/// </summary>
public static class ConfirmPage
{
    public static IEndpointRouteBuilder MapConfirmPage(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/confirm").WithTags("Public pages").ExcludeFromDescription();
        pages.MapGet("/{token}", ShowAsync);
        pages.MapPost("/{token}", ConfirmAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Confirm, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        var pending = await PendingTopicsAsync(page, consent, http.RequestAborted);
        var t = page.Texts;
        var body = $"<p>{Html.Encode(t.ConfirmIntro)}</p><ul>{string.Concat(pending.Select(n => $"<li>{Html.Encode(n)}</li>"))}</ul>" +
                   $"<form method=\"post\"><button type=\"submit\">{Html.Encode(t.ConfirmButton)}</button></form>";
        return Html.Page(t, t.ConfirmTitle, body);
    }

    private static async Task<IResult> ConfirmAsync(
        string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent, TimeProvider clock)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Confirm, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        await consent.RecordAsync(page.Claims.WorkspaceId,
            page.Record(http, null, page.Claims.Channel, ConsentAction.Confirm, ConsentSource.Form, clock.GetUtcNow()), http.RequestAborted);
        var preferences = await links.PreferencesAsync(page.Claims.WorkspaceId, page.Contact);
        return Html.Page(page.Texts, page.Texts.ConfirmTitle,
            $"<p role=\"status\">{Html.Encode(page.Texts.Confirmed)}</p><p><a href=\"{Html.Encode(preferences)}\">{Html.Encode(page.Texts.ManagePreferences)}</a></p>");
    }

    private static async Task<List<string>> PendingTopicsAsync(PageRequest page, IConsentStore consent, CancellationToken ct)
    {
        var names = (await consent.TopicsAsync(page.Claims.WorkspaceId, ct)).ToDictionary(t => t.Key, t => t.Name);
        return (await consent.SubscriptionsAsync(page.Claims.WorkspaceId, page.Contact.Id, ct))
            .Where(s => s.Status == SubscriptionStatus.Pending && (page.Claims.Channel is null || s.Channel == page.Claims.Channel))
            .Select(s => names.GetValueOrDefault(s.Topic, s.Topic)).Distinct().ToList();
    }
}

using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Server.Api;

namespace Rapport.Server.Pages;

/// <summary>
/// /u/{token}, RFC 8058 one-click unsubscribe: a POST with "List-Unsubscribe=One-Click" withdraws the
/// link's topic (or all) at once; a GET only shows a page whose button makes that POST, so link
/// scanners that open every URL unsubscribe nobody.
/// </summary>
public static class UnsubscribePage
{
    public static IEndpointRouteBuilder MapUnsubscribePage(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/u").WithTags("Public pages").ExcludeFromDescription();
        pages.MapGet("/{token}", ShowAsync);
        pages.MapPost("/{token}", UnsubscribeAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Unsubscribe, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        var t = page.Texts;
        var body = $"<p>{Html.Encode(t.UnsubscribeIntro)} <strong>{Html.Encode(await WhatAsync(page, consent, http.RequestAborted))}</strong></p>" +
                   "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" +
                   $"<button type=\"submit\">{Html.Encode(t.UnsubscribeButton)}</button></form>" +
                   $"<p><a href=\"{Html.Encode(await links.PreferencesAsync(page.Claims.WorkspaceId, page.Contact))}\">{Html.Encode(t.ManagePreferences)}</a></p>";
        return Html.Page(t, t.UnsubscribeTitle, body);
    }

    private static async Task<IResult> UnsubscribeAsync(
        string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent, TimeProvider clock)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Unsubscribe, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        var form = (await FormBody.ReadAsync(http.Request)).Form;
        if (form is null && http.Request.HasFormContentType)
        {
            return Html.BadForm(page.Texts);
        }

        if (form is null || form["List-Unsubscribe"] != "One-Click")
        {
            return Html.Page(page.Texts, page.Texts.UnsubscribeTitle,
                "<p>POST List-Unsubscribe=One-Click (RFC 8058) to unsubscribe.</p>", StatusCodes.Status400BadRequest);
        }

        var record = page.Record(http, page.Claims.Topic, page.Claims.Channel, ConsentAction.Withdraw, ConsentSource.OneClickUnsubscribe,
            clock.GetUtcNow(), reason: "one-click unsubscribe");
        await consent.RecordAsync(page.Claims.WorkspaceId, record, http.RequestAborted);
        return Html.Page(page.Texts, page.Texts.UnsubscribeTitle,
            $"<p role=\"status\">{Html.Encode(page.Texts.Unsubscribed)} {Html.Encode(await WhatAsync(page, consent, http.RequestAborted))}</p>");
    }

    private static async Task<string> WhatAsync(PageRequest page, IConsentStore consent, CancellationToken ct)
    {
        var topic = page.Claims.Topic is { } key
            ? (await consent.TopicsAsync(page.Claims.WorkspaceId, ct)).FirstOrDefault(t => t.Key == key)?.Name ?? key
            : page.Texts.Of("everything");
        return page.Claims.Channel is { } channel ? $"{topic} ({page.Texts.Of(WireName.Of(channel))})" : topic;
    }
}

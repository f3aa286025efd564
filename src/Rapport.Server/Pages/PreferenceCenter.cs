using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Links;
using Rapport.Core.Ports;
using Rapport.Server.Api;

namespace Rapport.Server.Pages;

/// <summary>
/// /p/{token}: the person's own page. Per topic and channel: subscribed or not, how often, which format;
/// the profile fields they may edit; and one button to leave everything, with an optional reason.
/// Every change is a ledger record with the request as evidence.
/// </summary>
public static class PreferenceCenter
{
    private static readonly string[] LeaveReasons = ["too_many", "not_relevant", "never_signed_up", "other"];

    /// <summary>
    /// The form's list of the topics it showed (comma-separated keys): an unchecked box is sent as nothing, so only
    /// this tells "unsubscribed from it" from "never shown it". A post without it changes nothing.
    /// </summary>
    private const string ShownTopics = "topics";

    public static IEndpointRouteBuilder MapPreferenceCenter(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/p").WithTags("Public pages").ExcludeFromDescription();
        pages.MapGet("/{token}", ShowAsync);
        pages.MapPost("/{token}", SaveAsync).DisableAntiforgery();
        pages.MapPost("/{token}/leave", LeaveAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent, ISettingStore settings)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Preferences, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        var t = page.Texts;
        var ws = page.Claims.WorkspaceId;
        var topics = await consent.TopicsAsync(ws, http.RequestAborted);
        var states = (await consent.SubscriptionsAsync(ws, page.Contact.Id, http.RequestAborted)).ToDictionary(s => (s.Topic, s.Channel));
        var body = new StringBuilder();
        if (http.Request.Query.ContainsKey("saved"))
        {
            body.Append("<p class=\"note\" role=\"status\">").Append(Html.Encode(t.Saved)).Append("</p>");
        }

        body.Append("<p>").Append(Html.Encode(t.PreferencesIntro)).Append("</p><form method=\"post\">")
            .Append("<input type=\"hidden\" name=\"").Append(ShownTopics).Append("\" value=\"")
            .Append(Html.Encode(string.Join(',', topics.Select(topic => topic.Key)))).Append("\">");
        foreach (var topic in topics)
        {
            var first = WireName.All<Channel>().Select(c => states.GetValueOrDefault((topic.Key, c))).FirstOrDefault(s => s is not null);
            body.Append("<fieldset><legend>").Append(Html.Encode(topic.Name)).Append("</legend>");
            foreach (var channel in WireName.All<Channel>())
            {
                var on = states.GetValueOrDefault((topic.Key, channel))?.Status is SubscriptionStatus.Subscribed;
                var name = $"sub.{topic.Key}.{WireName.Of(channel)}";
                body.Append(Html.Checkbox(name, name, $"{t.Subscribed}: {t.Of(WireName.Of(channel))}", on));
            }

            body.Append("<br>")
                .Append(Html.Select(t, $"freq.{topic.Key}", $"freq.{topic.Key}", t.Frequency,
                    WireName.All<Frequency>().Select(WireName.Of), WireName.Of(first?.Frequency ?? Frequency.AsSent)))
                .Append(Html.Select(t, $"format.{topic.Key}", $"format.{topic.Key}", t.Format,
                    WireName.All<MessageFormat>().Select(WireName.Of), WireName.Of(first?.Format ?? MessageFormat.Html)))
                .Append("</fieldset>");
        }

        body.Append("<fieldset><legend>").Append(Html.Encode(t.Profile)).Append("</legend>");
        foreach (var field in await PreferenceCenterApi.FieldsAsync(settings, ws, http.RequestAborted))
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<label for=\"profile.{field}\">{Html.Encode(t.Of(field))}</label> <input type=\"text\" id=\"profile.{field}\" name=\"profile.{field}\" value=\"{Html.Encode(ProfileValue(page.Contact, field))}\" maxlength=\"200\"><br>");
        }

        body            .Append("</fieldset><button type=\"submit\">").Append(Html.Encode(t.Save)).Append("</button></form>");
        body.Append("<h2>").Append(Html.Encode(t.LeaveTitle)).Append("</h2><form method=\"post\" action=\"").Append(Html.Encode(token)).Append("/leave\"><p>")
            .Append(Html.Encode(t.LeaveIntro)).Append("</p><fieldset><legend>").Append(Html.Encode(t.Reason)).Append("</legend>");
        foreach (var reason in LeaveReasons)
        {
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"reason\" value=\"{reason}\"> {Html.Encode(t.Of(reason))}</label><br>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<label for=\"reason-text\">{Html.Encode(t.ReasonOther)}</label><br><textarea id=\"reason-text\" name=\"reasonText\" rows=\"3\" cols=\"40\" maxlength=\"1000\"></textarea>")
            .Append("</fieldset><button type=\"submit\" class=\"leave\">").Append(Html.Encode(t.LeaveButton)).Append("</button></form>");
        return Html.Page(t, t.PreferencesTitle, body.ToString());
    }

    private static async Task<IResult> SaveAsync(
        string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent, ISettingStore settings, TimeProvider clock)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Preferences, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        if ((await FormBody.ReadAsync(http.Request)).Form is not { } form)
        {
            return Html.BadForm(page.Texts);
        }

        if (!form.TryGetValue(ShownTopics, out var shownTopics))
        {
            return Html.Page(page.Texts, page.Texts.PreferencesTitle,
                $"<p>Nothing was changed: post this page's form, whose field '{ShownTopics}' names the topics it shows.</p>", StatusCodes.Status400BadRequest);
        }

        var shown = shownTopics.ToString().Split(',').ToHashSet(StringComparer.Ordinal);
        var ws = page.Claims.WorkspaceId;
        var now = clock.GetUtcNow();
        var states = (await consent.SubscriptionsAsync(ws, page.Contact.Id, http.RequestAborted)).ToDictionary(s => (s.Topic, s.Channel));
        foreach (var topic in (await consent.TopicsAsync(ws, http.RequestAborted)).Where(topic => shown.Contains(topic.Key)))
        {
            foreach (var channel in WireName.All<Channel>())
            {
                var wanted = form[$"sub.{topic.Key}.{WireName.Of(channel)}"] == "on";
                var status = states.GetValueOrDefault((topic.Key, channel))?.Status ?? SubscriptionStatus.None;
                var action = wanted && status != SubscriptionStatus.Subscribed ? ConsentAction.Grant
                    : !wanted && status is SubscriptionStatus.Subscribed or SubscriptionStatus.Pending ? ConsentAction.Withdraw
                    : (ConsentAction?)null;
                if (action is { } a)
                {
                    await consent.RecordAsync(ws, page.Record(http, topic.Key, channel, a, ConsentSource.PreferenceCenter, now), http.RequestAborted);
                }
            }

            Frequency? frequency = WireName.TryParse<Frequency>(form[$"freq.{topic.Key}"], out var f) ? f : null;
            MessageFormat? format = WireName.TryParse<MessageFormat>(form[$"format.{topic.Key}"], out var m) ? m : null;
            await consent.RecordAsync(ws, page.Record(http, topic.Key, null, ConsentAction.Prefer, ConsentSource.PreferenceCenter, now,
                frequency: frequency, format: format), http.RequestAborted);
        }

        await SaveProfileAsync(page, form, await PreferenceCenterApi.FieldsAsync(settings, ws, http.RequestAborted), contacts, now, http.RequestAborted);
        return Results.Redirect($"/p/{token}?saved=1", permanent: false, preserveMethod: false);
    }

    private static string? ProfileValue(Contact contact, string field) => field switch
    {
        "postcode" => contact.Address?.Postcode,
        "city" => contact.Address?.City,
        _ => contact.Traits[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null,
    };

    /// <summary>Only the fields the workspace lets people edit are read from the form.</summary>
    private static async Task SaveProfileAsync(
        PageRequest page, IFormCollection form, IReadOnlyList<string> fields, IContactStore contacts, DateTimeOffset now, CancellationToken ct)
    {
        var contact = page.Contact;
        var traits = (JsonObject)contact.Traits.DeepClone();
        var address = contact.Address ?? new PostalAddress(null, [], null, null, null, null);
        foreach (var field in fields.Where(f => form.ContainsKey($"profile.{f}")))
        {
            var text = form[$"profile.{field}"].ToString().Trim();
            var value = text.Length is > 0 and <= 200 ? text : null;
            if (field == "postcode")
            {
                address = address with { Postcode = value };
            }
            else if (field == "city")
            {
                address = address with { City = value };
            }
            else
            {
                traits[field] = value;
            }
        }

        var changed = contact with { Traits = traits, Address = address.IsEmpty ? null : address, UpdatedAt = now };
        if (!JsonNode.DeepEquals(traits, contact.Traits) || changed.Address != contact.Address)
        {
            await contacts.UpdateAsync(page.Claims.WorkspaceId, changed, ct);
        }
    }

    private static async Task<IResult> LeaveAsync(
        string token, HttpContext http, PublicLinks links, IContactStore contacts, IConsentStore consent, ISuppressionStore suppressions, TimeProvider clock)
    {
        var (page, texts) = await PageRequest.ReadAsync(http, token, LinkPurpose.Preferences, links, contacts);
        if (page is null)
        {
            return Html.BadLink(texts);
        }

        if ((await FormBody.ReadAsync(http.Request)).Form is not { } form)
        {
            return Html.BadForm(page.Texts);
        }
        var reasonText = form["reasonText"].ToString().Trim();
        var reason = string.Join(": ", new[] { LeaveReasons.Contains(form["reason"].ToString()) ? form["reason"].ToString() : "", reasonText.Length > 1000 ? reasonText[..1000] : reasonText }
            .Where(s => s.Length > 0));
        var now = clock.GetUtcNow();
        var ws = page.Claims.WorkspaceId;
        await consent.RecordAsync(ws, page.Record(http, null, null, ConsentAction.Withdraw, ConsentSource.PreferenceCenter, now,
            reason.Length > 0 ? reason : null), http.RequestAborted);
        if (page.Contact.Email is { } email)
        {
            await suppressions.AddAsync(ws, SuppressionKind.Email, email, SuppressionReason.GlobalOptOut, now, http.RequestAborted);
        }

        if (page.Contact.Phone is { } phone)
        {
            await suppressions.AddAsync(ws, SuppressionKind.Phone, phone, SuppressionReason.GlobalOptOut, now, http.RequestAborted);
        }

        return Html.Page(page.Texts, page.Texts.LeaveTitle, $"<p role=\"status\">{Html.Encode(page.Texts.Left)}</p>");
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;
using Rapport.Core.Policy;
using Rapport.Core.Ports;
using Rapport.Core.Templates;
using Rapport.Engine.Templates;

namespace Rapport.Engine.Dispatch;

/// <summary>
/// Makes the e-mail a queued message stands for, as it goes: content written when it was queued goes as it is; a
/// template (<see cref="TemplatedEmail"/>) is rendered for the person now, in their locale and time zone, with their
/// links. Every marketing e-mail carries one-click unsubscribe (RFC 8058: List-Unsubscribe and List-Unsubscribe-Post)
/// and a visible unsubscribe link, added at the end of the body when the content does not show its own.
/// </summary>
public sealed class MessageComposer(IContactStore contacts, TemplateCatalog templates, IContactLinks links)
{
    /// <summary>The e-mail to send, or why the message holds none that can be sent (its person erased, its template gone or failing).</summary>
    public async Task<(EmailMessage? Mail, string? Problem)> EmailAsync(OutboxMessage message, CancellationToken ct)
    {
        JsonNode? content;
        try
        {
            content = JsonNode.Parse(message.Content);
        }
        catch (JsonException e)
        {
            return (null, $"the message's content cannot be read: {e.Message}");
        }

        var contact = message.ContactId is { } id ? await contacts.GetAsync(message.WorkspaceId, id, ct) : null;
        var unsubscribe = contact is null ? null : await links.UnsubscribeAsync(message.WorkspaceId, contact, message.Topic, Channel.Email);
        var (mail, problem) = content is JsonObject o && o.ContainsKey(nameof(TemplatedEmail.Template))
            ? await RenderAsync(message, o.Deserialize<TemplatedEmail>()!, contact, unsubscribe, ct)
            : Written(content);
        if (mail is null)
        {
            return (null, problem);
        }

        var campaign = (content?[nameof(TemplatedEmail.Journey)]?["key"] as JsonValue)?.GetValue<string>() ?? message.Topic ?? "none";
        mail = WithFeedbackId(mail, $"{campaign}:{message.Purpose}:{message.WorkspaceId}:rapport");
        return MessagePurposes.KindOf(message.Purpose) != MessageKind.Transactional && unsubscribe is not null ? (WithUnsubscribe(mail, unsubscribe), null) : (mail, null);
    }

    /// <summary>
    /// Gmail's feedback loop reports complaints per Feedback-ID: campaign (the journey, else the topic), kind (the
    /// purpose), workspace and sender, so a journey that draws complaints shows which. A header the content set is kept.
    /// </summary>
    private static EmailMessage WithFeedbackId(EmailMessage mail, string id) =>
        mail.Headers.Any(h => h.Key.Equals("Feedback-ID", StringComparison.OrdinalIgnoreCase))
            ? mail
            : mail with { Headers = [.. mail.Headers, new("Feedback-ID", id)] };

    private static (EmailMessage? Mail, string? Problem) Written(JsonNode? content)
    {
        var mail = content?.Deserialize<EmailMessage>();
        return mail is { To.Length: > 0, From.Length: > 0 } ? (mail, null) : (null, "the message's content names no sender or recipient");
    }

    private async Task<(EmailMessage? Mail, string? Problem)> RenderAsync(
        OutboxMessage message, TemplatedEmail queued, Contact? contact, string? unsubscribe, CancellationToken ct)
    {
        if (contact is not { Email.Length: > 0 })
        {
            return (null, "the person has no e-mail address any more (deleted, erased or changed)");
        }

        if (await templates.VersionAsync(message.WorkspaceId, queued.Template, null, ct) is not { } template)
        {
            return (null, $"template '{queued.Template}' does not exist: it was deleted after the message was queued");
        }

        if (template.Definition.Channel != Channel.Email)
        {
            return (null, $"template '{queued.Template}' is not an e-mail template");
        }

        var data = TemplateData.Of(contact, queued.Journey, unsubscribe, await links.PreferencesAsync(message.WorkspaceId, contact));
        try
        {
            var rendered = await templates.RenderAsync(template.Definition, data, null, ct);
            return (new EmailMessage("", queued.From, queued.FromName, contact.Email, rendered.Subject ?? "", rendered.Text, rendered.Html, []), null);
        }
        catch (TemplateRenderException e)
        {
            return (null, $"template '{queued.Template}' (version {template.Stored.Version}) did not render: {e.Message}");
        }
    }

    private static EmailMessage WithUnsubscribe(EmailMessage mail, string url)
    {
        var text = mail.TextBody.Contains(url, StringComparison.Ordinal) ? mail.TextBody : $"{mail.TextBody.TrimEnd()}\n\nUnsubscribe: {url}\n";
        var html = mail.HtmlBody is null || mail.HtmlBody.Contains(url, StringComparison.Ordinal) || mail.HtmlBody.Contains(WebUtility.HtmlEncode(url), StringComparison.Ordinal)
            ? mail.HtmlBody
            : WithFooter(mail.HtmlBody, url);
        return mail with
        {
            TextBody = text,
            HtmlBody = html,
            Headers = [.. mail.Headers.Where(h => !h.Key.StartsWith("List-Unsubscribe", StringComparison.OrdinalIgnoreCase)),
                new("List-Unsubscribe", $"<{url}>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
        };
    }

    /// <summary>The HTML with an unsubscribe link at the end of its body.</summary>
    private static string WithFooter(string html, string url)
    {
        var footer = $"<p style=\"font-size:12px;color:#666\"><a href=\"{WebUtility.HtmlEncode(url)}\">Unsubscribe</a></p>";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + footer : html.Insert(end, footer);
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core;
using Rapport.Core.Messages;
using Rapport.Core.Policy;
using Rapport.Core.Ports;

namespace Rapport.Server.Api;

/// <summary>A message as support sees it in a list: where it went, why, how it stands, and the journey step that requested it.</summary>
/// <param name="Journey">The journey that requested it and its send node; null for one queued otherwise (the API, a signup).</param>
/// <param name="DueAt">When it goes (or went) next: for a deferred message, when it is tried again.</param>
public sealed record OutboxMessageView(
    long Id, long? ContactId, string Channel, string? Topic, string Purpose, string Status, string? Reason, string? Recipient,
    MessageJourneyView? Journey, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset DueAt)
{
    public static OutboxMessageView Of(MessageRecord r)
    {
        var m = r.Message;
        return new(m.Id, m.ContactId, WireName.Of(m.Channel), m.Topic, m.Purpose, WireName.Of(m.Status), m.Reason, m.Recipient,
            r.JourneyKey is { } key ? new MessageJourneyView(key, r.JourneyNode) : null, m.Attempts, m.CreatedAt, m.SentAt, r.DueAt);
    }
}

public sealed record MessageJourneyView(string Key, string? Node);

/// <summary>One message for support: the message, every decision the gate took on it (oldest first), and its content.</summary>
public sealed record MessageDetailView(OutboxMessageView Message, IReadOnlyList<DecisionView> Decisions, MessageContentView Content)
{
    public static MessageDetailView Of(MessageRecord r, IReadOnlyList<MessageDecision> decisions) =>
        new(OutboxMessageView.Of(r), decisions.Select(DecisionView.Of).ToList(), MessageContentView.Of(r.Message.Content, r.Rendered));
}

/// <summary>A decision of the gate: send, defer (until when, why) or suppress (why), under which version of the contact policy.</summary>
public sealed record DecisionView(string Decision, DateTimeOffset? DeferredUntil, string? Reason, int? PolicyVersion, DateTimeOffset At)
{
    public static DecisionView Of(MessageDecision d) => d.Decision switch
    {
        GateDecision.Send => new("send", null, null, d.PolicyVersion, d.At),
        GateDecision.Defer defer => new("defer", defer.Until, defer.Reason, d.PolicyVersion, d.At),
        GateDecision.Suppress suppress => new("suppress", null, suppress.Reason, d.PolicyVersion, d.At),
        _ => throw new UnreachableException(),
    };
}

/// <summary>
/// What the message holds: an e-mail queued as a template names it and the data it reads as <c>journey</c>; one written
/// when queued shows its subject and parts. Once composed, the subject and parts are the e-mail as it went to the person
/// (rendered for them, with what was added on the way, such as the visible unsubscribe link).
/// </summary>
/// <param name="Note">Said when the content is not shown as sent: a template not rendered yet, or content that cannot be read.</param>
public sealed record MessageContentView(
    string? Template, JsonObject? Data, string? From, string? FromName, string? To, string? Subject, string? Text, string? Html, string? Note)
{
    public static MessageContentView Of(string content, RenderedEmail? rendered)
    {
        var queued = Queued(content);
        return rendered is null
            ? queued
            : queued with { Subject = rendered.Subject, Text = rendered.Text, Html = rendered.Html, Note = null };
    }

    private static MessageContentView Queued(string content)
    {
        try
        {
            var json = JsonNode.Parse(content);
            if (json is JsonObject o && o.ContainsKey(nameof(TemplatedEmail.Template)) && o.Deserialize<TemplatedEmail>() is { } t)
            {
                return new(t.Template, t.Journey, t.From, t.FromName, null, null, null, null,
                    "Queued as a template: it is rendered for the person, with their data, as it goes; shown here once it has been.");
            }

            return json is JsonObject && json.Deserialize<EmailMessage>() is { } mail
                ? new(null, null, mail.From, mail.FromName, mail.To, mail.Subject, mail.TextBody, mail.HtmlBody, null)
                : Unread;
        }
        catch (JsonException)
        {
            return Unread;
        }
    }

    private static MessageContentView Unread => new(null, null, null, null, null, null, null, null, "The content is not an e-mail this version reads.");
}

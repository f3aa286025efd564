namespace Rapport.Core.Messages;

/// <summary>
/// An e-mail as it went to the person: the subject and both bodies as rendered for them, with what was added on the way
/// (the visible unsubscribe link). Kept on the message so that support can read what someone received.
/// </summary>
public sealed record RenderedEmail(string Subject, string Text, string? Html)
{
    public static RenderedEmail Of(EmailMessage mail) => new(mail.Subject, mail.TextBody, mail.HtmlBody);
}

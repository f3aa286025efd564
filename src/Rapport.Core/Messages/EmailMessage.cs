namespace Rapport.Core.Messages;

/// <summary>
/// One e-mail as Rapport hands it to a channel: addresses, subject, a plain-text body and optionally an
/// HTML one (sent together as multipart/alternative), and extra headers such as List-Unsubscribe.
/// </summary>
/// <param name="MessageId">Rapport's id of the message; the Message-ID header is built from it.</param>
/// <param name="From">The sender's address.</param>
/// <param name="FromName">The sender's display name, if any (any language; encoded as RFC 2047 needs).</param>
/// <param name="To">The recipient's address.</param>
/// <param name="Headers">Extra headers in order, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).</param>
public sealed record EmailMessage(
    string MessageId,
    string From,
    string? FromName,
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    IReadOnlyList<KeyValuePair<string, string>> Headers);

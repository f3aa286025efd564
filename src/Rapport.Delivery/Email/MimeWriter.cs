using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email;

/// <summary>
/// Writes an <see cref="EmailMessage"/> as RFC 5322 / MIME text with CRLF line ends: RFC 2047 encoded words for
/// non-ASCII headers, quoted-printable UTF-8 bodies, and multipart/alternative (text, then HTML) when there is HTML.
/// </summary>
public static class MimeWriter
{
    /// <summary>Headers the writer sets itself; a message's extra headers may not repeat them.</summary>
    private static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    };

    /// <summary>The whole message, ready to store or to hand to SMTP (every line ends in CRLF).</summary>
    /// <param name="messageIdDomain">The right-hand side of the Message-ID: &lt;{MessageId}@{messageIdDomain}&gt;.</param>
    /// <param name="date">The Date header.</param>
    /// <exception cref="ArgumentException">A header would hold a line break (header injection), an extra header has
    /// a name or value that is not printable ASCII or repeats one the writer sets, or a word is too long for a line.</exception>
    public static string Write(EmailMessage message, string messageIdDomain, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(messageIdDomain);
        Check(message, messageIdDomain);
        var mail = new StringBuilder(message.TextBody.Length * 2 + (message.HtmlBody?.Length ?? 0) * 2 + 1024);
        HeaderFolding.Append(mail, "Date", Rfc5322Date(date));
        HeaderFolding.Append(mail, "From", message.FromName is { Length: > 0 } fromName ? $"{EncodedWords.Phrase(fromName)} <{message.From}>" : message.From);
        HeaderFolding.Append(mail, "To", message.To);
        HeaderFolding.Append(mail, "Subject", EncodedWords.Unstructured(message.Subject, HeaderFolding.HardLimit - "Subject: ".Length));
        HeaderFolding.Append(mail, "Message-ID", $"<{message.MessageId}@{messageIdDomain}>");
        HeaderFolding.Append(mail, "MIME-Version", "1.0");
        foreach (var (name, value) in message.Headers)
        {
            HeaderFolding.Append(mail, name, value);
        }

        if (message.HtmlBody is not { } html)
        {
            Part(mail, "text/plain", message.TextBody);
        }
        else
        {
            // Quoted-printable never holds "=_" (an "=" is followed by hex digits or a line break), so no encoded
            // part can contain a line that starts with this boundary.
            var boundary = "=_rapport_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            HeaderFolding.Append(mail, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
            mail.Append("\r\n--").Append(boundary).Append("\r\n");
            Part(mail, "text/plain", message.TextBody);
            mail.Append("\r\n--").Append(boundary).Append("\r\n");
            Part(mail, "text/html", html);
            mail.Append("\r\n--").Append(boundary).Append("--\r\n");
        }

        return mail.ToString();
    }

    /// <summary>RFC 5322 §3.3: "Sun, 22 Nov 2026 10:30:00 +0100", in English whatever the current culture.</summary>
    private static string Rfc5322Date(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
               string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    /// <summary>One text part's headers and quoted-printable body; the body's last line ends in CRLF.</summary>
    private static void Part(StringBuilder mail, string type, string body)
    {
        HeaderFolding.Append(mail, "Content-Type", $"{type}; charset=utf-8");
        HeaderFolding.Append(mail, "Content-Transfer-Encoding", "quoted-printable");
        mail.Append("\r\n").Append(QuotedPrintable.Encode(body)).Append("\r\n");
    }

    private static void Check(EmailMessage m, string messageIdDomain)
    {
        NoLineBreak("From", m.From);
        NoLineBreak("FromName", m.FromName);
        NoLineBreak("To", m.To);
        NoLineBreak("Subject", m.Subject);
        NoLineBreak("MessageId", m.MessageId);
        NoLineBreak("messageIdDomain", messageIdDomain);
        ArgumentNullException.ThrowIfNull(m.TextBody);
        foreach (var (name, value) in m.Headers)
        {
            NoLineBreak("header name", name);
            NoLineBreak($"{name} header", value);
            if (name.Length == 0 || name.Any(ch => ch is < '!' or > '~' or ':'))
            {
                throw new ArgumentException($"The header name '{name}' must be printable ASCII without ':'.", nameof(m));
            }

            if (OwnHeaders.Contains(name))
            {
                throw new ArgumentException($"The {name} header is written from the message itself, not from its extra headers.", nameof(m));
            }

            if (value.Any(ch => ch is not ('\t' or (>= ' ' and <= '~'))))
            {
                throw new ArgumentException($"The value of the {name} header must be printable ASCII.", nameof(m));
            }
        }
    }

    private static void NoLineBreak(string field, string? value)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"The {field} of a message may not hold a line break (header injection).", field);
        }
    }
}

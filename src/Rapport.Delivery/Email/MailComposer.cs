using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email;

/// <summary>
/// Makes the MIME form of an <see cref="EmailMessage"/>, the one both the file outbox and SMTP send: UTF-8 quoted-printable
/// text (multipart/alternative with the HTML when there is HTML), RFC 2047 encoded headers, a Message-ID of the message's
/// id at <c>messageIdDomain</c>, the message's extra headers, and a DKIM signature when signing is configured.
/// Everything is 7-bit, so no relay re-encodes it and the signature holds all the way.
/// </summary>
public sealed class MailComposer
{
    /// <summary>Headers made from the message itself; its extra headers may not repeat them.</summary>
    private static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "DKIM-Signature",
    };

    /// <summary>The longest line SMTP carries (RFC 5322 §2.1.1), without its CRLF.</summary>
    private const int MaxLine = 998;

    /// <summary>Every line is written with CRLF, as SMTP sends it, whatever the platform.</summary>
    public static readonly FormatOptions Format = new() { NewLineFormat = NewLineFormat.Dos };

    private readonly string _messageIdDomain;
    private readonly DkimSigning? _dkim;

    /// <param name="messageIdDomain">The right-hand side of each Message-ID: &lt;{MessageId}@{messageIdDomain}&gt;.</param>
    /// <param name="dkim">Signs every message when given.</param>
    public MailComposer(string messageIdDomain, DkimSigning? dkim = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageIdDomain);
        if (messageIdDomain.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The Message-ID domain may not hold a line break.", nameof(messageIdDomain));
        }

        _messageIdDomain = messageIdDomain;
        _dkim = dkim;
    }

    /// <summary>The message as MIME, signed when signing is configured.</summary>
    /// <param name="date">The Date header.</param>
    /// <exception cref="ArgumentException">A header would hold a line break (header injection), an address does not parse,
    /// or an extra header has a name that is not printable ASCII, a value that is not, or repeats one made from the message.</exception>
    public MimeMessage Compose(EmailMessage message, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        Check(message);
        var mime = new MimeMessage { MessageId = $"{message.MessageId}@{_messageIdDomain}" };
        mime.Headers.Replace(Subject(message.Subject));
        mime.Headers[HeaderId.Date] = Rfc5322Date(date);
        mime.From.Add(Mailbox("From", message.FromName, message.From));
        mime.To.Add(Mailbox("To", null, message.To));
        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(new Header(Encoding.ASCII, name, value));
        }

        var text = Part(TextFormat.Plain, message.TextBody);
        mime.Body = message.HtmlBody is { } html ? new MultipartAlternative { text, Part(TextFormat.Html, html) } : text;
        mime.Prepare(EncodingConstraint.SevenBit);
        _dkim?.Sign(mime);
        return mime;
    }

    /// <summary>The message as it is stored or sent: MIME text with CRLF line ends.</summary>
    public static byte[] Bytes(MimeMessage mime)
    {
        ArgumentNullException.ThrowIfNull(mime);
        using var stream = new MemoryStream();
        mime.WriteTo(Format, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// The Subject header. MimeKit writes an ASCII word as it is, even one a reader would decode as an encoded word
    /// ("=?utf-8?B?eA==?="); a subject holding "=?" is therefore written as encoded words throughout.
    /// </summary>
    private static Header Subject(string subject)
    {
        var header = new Header(Encoding.UTF8, HeaderId.Subject, subject);
        if (subject.Contains("=?", StringComparison.Ordinal))
        {
            var words = subject.EnumerateRunes().Select(rune => rune.ToString()).Chunk(12)
                .Select(chunk => "=?utf-8?b?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(chunk))) + "?=");
            header.SetRawValue(Encoding.ASCII.GetBytes(" " + string.Join("\r\n ", words) + "\r\n"));
        }

        return header;
    }

    /// <summary>
    /// RFC 5322 §3.3: "Sun, 22 Nov 2026 10:30:00 +0100", in English whatever the current culture. Written here because
    /// MimeKit 4.18 writes a negative offset with minutes as "-03-30".
    /// </summary>
    private static string Rfc5322Date(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
               string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    private static TextPart Part(TextFormat format, string body)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, body);
        return part;
    }

    private static MailboxAddress Mailbox(string field, string? name, string address)
    {
        try
        {
            return new MailboxAddress(Encoding.UTF8, name, address);
        }
        catch (ParseException e)
        {
            throw new ArgumentException($"The {field} address '{address}' is not an e-mail address: {e.Message}", field, e);
        }
    }

    private static void Check(EmailMessage m)
    {
        NoLineBreak("From", m.From);
        NoLineBreak("FromName", m.FromName);
        NoLineBreak("To", m.To);
        NoLineBreak("Subject", m.Subject);
        NoLineBreak("MessageId", m.MessageId);
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

            if (name.Length + 2 + value.Split(' ', '\t').Max(word => word.Length) > MaxLine)
            {
                throw new ArgumentException($"The {name} header has a word too long for a line of {MaxLine} octets.", nameof(m));
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

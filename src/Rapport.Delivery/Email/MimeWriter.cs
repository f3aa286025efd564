using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email;

/// <summary>
/// Writes an <see cref="EmailMessage"/> as RFC 5322 / MIME text with CRLF line ends: encoded words
/// (RFC 2047) for non-ASCII headers, quoted-printable UTF-8 bodies, multipart/alternative when there is HTML.
/// </summary>
public static class MimeWriter
{
    public static string Write(EmailMessage message, string messageIdDomain, DateTimeOffset date)
    {
        Check(message);
        var mail = new StringBuilder();
        Header(mail, "Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        Header(mail, "From", message.FromName is { Length: > 0 } name ? $"{Phrase(name)} <{message.From}>" : message.From);
        Header(mail, "To", message.To);
        Header(mail, "Subject", Unstructured(message.Subject));
        Header(mail, "Message-ID", $"<{message.MessageId}@{messageIdDomain}>");
        Header(mail, "MIME-Version", "1.0");
        foreach (var (headerName, value) in message.Headers)
        {
            Header(mail, headerName, value);
        }

        if (message.HtmlBody is null)
        {
            Part(mail, "text/plain", message.TextBody);
            return mail.ToString();
        }

        var boundary = "=_rapport_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)); // "=_" never occurs in quoted-printable
        Header(mail, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        mail.Append("\r\n");
        mail.Append("--").Append(boundary).Append("\r\n");
        Part(mail, "text/plain", message.TextBody);
        mail.Append("\r\n--").Append(boundary).Append("\r\n");
        Part(mail, "text/html", message.HtmlBody);
        mail.Append("\r\n--").Append(boundary).Append("--\r\n");
        return mail.ToString();
    }

    private static void Part(StringBuilder mail, string type, string body)
    {
        Header(mail, "Content-Type", $"{type}; charset=utf-8");
        Header(mail, "Content-Transfer-Encoding", "quoted-printable");
        mail.Append("\r\n").Append(QuotedPrintable.Encode(body)).Append("\r\n");
    }

    /// <summary>A header line, folded at spaces so lines stay within 78 characters where the value allows.</summary>
    private static void Header(StringBuilder mail, string name, string value)
    {
        var line = new StringBuilder(name).Append(':');
        var length = line.Length;
        foreach (var word in value.Split(' '))
        {
            if (length + 1 + word.Length > 78 && length > name.Length + 1)
            {
                line.Append("\r\n");
                length = 0;
            }

            line.Append(' ').Append(word);
            length += 1 + word.Length;
        }

        mail.Append(line).Append("\r\n");
    }

    private static string Phrase(string text) =>
        !IsPlainAscii(text) ? EncodedWords(text)
        : text.Any(ch => "()<>[]:;@\\,.\"".Contains(ch)) ? "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
        : text;

    private static string Unstructured(string text) => IsPlainAscii(text) ? text : EncodedWords(text);

    private static bool IsPlainAscii(string text) => text.All(ch => ch is >= ' ' and <= '~') && !text.Contains("=?", StringComparison.Ordinal);

    /// <summary>RFC 2047 B-encoded words of at most 75 characters, split between whole characters, joined by spaces (folding points).</summary>
    private static string EncodedWords(string text)
    {
        const int maxBytes = 45; // 45 bytes → 60 base64 characters + 12 of "=?utf-8?B??=" = 72
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) + rune.Utf8SequenceLength > maxBytes)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(rune.ToString());
        }

        words.Add(Word(chunk.ToString()));
        return string.Join(' ', words);
    }

    private static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static void Check(EmailMessage m)
    {
        var fields = new (string Name, string? Value)[] { ("from", m.From), ("fromName", m.FromName), ("to", m.To), ("subject", m.Subject) }
            .Concat(m.Headers.SelectMany(h => new (string, string?)[] { ("header name", h.Key), (h.Key, h.Value) }));
        foreach (var (field, value) in fields)
        {
            if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"The {field} of a message may not hold a line break.", nameof(m));
            }
        }
    }
}

using System.Text;

namespace Rapport.Delivery.Email;

/// <summary>
/// Quoted-printable (RFC 2045 §6.7) of text as UTF-8: encoded lines of at most 76 characters with soft line
/// breaks, the text's line breaks (CRLF or a bare LF) as CRLF, and nothing a mail path could alter.
/// </summary>
public static class QuotedPrintable
{
    private const int MaxLine = 76;

    /// <summary>Encodes <paramref name="text"/>; the result has CRLF line breaks and no trailing line break of its own.</summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder(text.Length * 2);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                output.Append("\r\n");
            }

            EncodeLine(output, Encoding.UTF8.GetBytes(lines[i]));
        }

        return output.ToString();
    }

    private static void EncodeLine(StringBuilder output, byte[] bytes)
    {
        var column = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var last = i == bytes.Length - 1;
            var token = Token(bytes, i, column == 0, last);
            if (column + token.Length > (last ? MaxLine : MaxLine - 1))
            {
                output.Append("=\r\n"); // soft line break: the "=" is the line's 76th character at most
                column = 0;
                token = Token(bytes, i, lineStart: true, last);
            }

            output.Append(token);
            column += token.Length;
        }
    }

    /// <summary>
    /// One byte as it is or as =XX: "=", control bytes, bytes of 0x80 and above, a space or tab ending a line
    /// (RFC 2045 rule 3), and a "." or the "F" of "From " starting one (SMTP and mbox would change those).
    /// </summary>
    private static string Token(byte[] bytes, int i, bool lineStart, bool last)
    {
        var b = bytes[i];
        var literal = b switch
        {
            (byte)' ' or (byte)'\t' => !last,
            (byte)'=' => false,
            (byte)'.' => !lineStart,
            (byte)'F' => !lineStart || !bytes.AsSpan(i).StartsWith("From "u8),
            >= 33 and <= 126 => true,
            _ => false,
        };
        return literal ? ((char)b).ToString() : "=" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
    }
}

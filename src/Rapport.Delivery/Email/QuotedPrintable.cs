using System.Text;

namespace Rapport.Delivery.Email;

/// <summary>Quoted-printable (RFC 2045 §6.7) of UTF-8 text: lines of at most 76 characters, line breaks kept as CRLF.</summary>
public static class QuotedPrintable
{
    private const int MaxLine = 76;

    public static string Encode(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder();
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
        var length = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var last = i == bytes.Length - 1;
            var literal = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && !last);
            var token = literal ? ((char)b).ToString() : $"={b:X2}";
            if (i == 0 && b == '.')
            {
                token = "=2E"; // a lone "." line would end an SMTP DATA section
            }

            if (length + token.Length > MaxLine - 1)
            {
                output.Append("=\r\n"); // soft line break
                length = 0;
            }

            output.Append(token);
            length += token.Length;
        }
    }
}

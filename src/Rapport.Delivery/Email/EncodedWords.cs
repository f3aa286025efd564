using System.Text;

namespace Rapport.Delivery.Email;

/// <summary>RFC 2047 encoded words and the choice between them and plain ASCII in headers.</summary>
internal static class EncodedWords
{
    // 42 bytes → 56 base64 characters + 12 for "=?utf-8?B?" and "?=" = 68: within the 75 an encoded word may have,
    // and "Subject: " (the longest lead) + 68 stays within 78.
    private const int MaxBytes = 42;
    private const string Specials = "()<>[]:;@\\,.\"";

    /// <summary>An unstructured value (Subject): as it is when plain ASCII that folds well, else encoded words.</summary>
    public static string Unstructured(string text, int longestWord) =>
        text.Length == 0 || (IsPlain(text) && text.Split(' ').Max(word => word.Length) <= longestWord) ? text : Encode(text);

    /// <summary>A display name: atoms as they are, other ASCII as a quoted string, anything else as encoded words.</summary>
    public static string Phrase(string text)
    {
        if (!IsPlain(text))
        {
            return Encode(text);
        }

        var atoms = text.All(ch => ch == ' ' || !Specials.Contains(ch)) && !text.Contains("  ", StringComparison.Ordinal);
        return atoms ? text : "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Printable ASCII, no leading or trailing space, and nothing a reader would take for an encoded word.</summary>
    private static bool IsPlain(string text) =>
        text.Length > 0 && text.All(ch => ch is >= ' ' and <= '~') && text[0] != ' ' && text[^1] != ' ' &&
        !text.Contains("=?", StringComparison.Ordinal);

    /// <summary>
    /// B-encoded words of UTF-8, split between whole characters (after a space when one is near the end, since
    /// some readers keep the whitespace between encoded words in a display name), joined by spaces to fold at.
    /// </summary>
    public static string Encode(string text)
    {
        var words = new List<string>();
        var chunk = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxBytes)
            {
                var cut = chunk.ToString().LastIndexOf(' ');
                cut = cut >= chunk.Length / 2 ? cut + 1 : chunk.Length;
                words.Add(Word(chunk.ToString(0, cut)));
                chunk.Remove(0, cut);
                bytes = Encoding.UTF8.GetByteCount(chunk.ToString());
            }

            chunk.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        words.Add(Word(chunk.ToString()));
        return string.Join(' ', words);
    }

    private static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";
}

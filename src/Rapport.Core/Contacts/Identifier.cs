using System.Buffers;
using System.Globalization;
using System.Text;

namespace Rapport.Core.Contacts;

/// <summary>
/// What an identifier is – a contact's externalId, and a tracked message's userId, anonymousId,
/// previousId, groupId and messageId – wherever it comes from (tracking, the contacts API, an import):
/// visible text of at most <see cref="MaxLength"/> characters, with white space around it trimmed. An
/// identifier holding a control or format character (a NUL, a tab, the byte order mark U+FEFF, a
/// zero-width space, a direction mark), a line or paragraph separator or an unpaired surrogate is refused
/// with the reason, never silently changed: "\uFEFFalice" and "alice" look the same to a person, and
/// quietly making them one person or two would both be wrong.
/// </summary>
public static class Identifier
{
    public const int MaxLength = 200;

    /// <returns>The identifier, trimmed; null when it is blank or refused (then <paramref name="problem"/> says why).</returns>
    public static string? Normalize(string raw, out string? problem)
    {
        problem = null;
        var id = raw.Trim();
        if (id.Length == 0)
        {
            return null;
        }

        if (id.Length > MaxLength)
        {
            problem = $"is longer than {MaxLength} characters";
            return null;
        }

        for (var at = 0; at < id.Length;)
        {
            if (Rune.DecodeFromUtf16(id.AsSpan(at), out var rune, out var length) != OperationStatus.Done)
            {
                problem = $"holds an unpaired surrogate at character {at + 1}, which is not text";
                return null;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                problem = $"holds the invisible character U+{rune.Value:X4} at character {at + 1}: an identifier is visible text";
                return null;
            }

            at += length;
        }

        return id;
    }
}

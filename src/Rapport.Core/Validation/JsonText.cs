using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Rapport.Core.Validation;

/// <summary>
/// The JSON Rapport accepts, decided once for every body and every tracked message: each string, names
/// included, is well-formed UTF-8 without an unpaired surrogate (escaped ones such as "\uD800" count)
/// and without the NUL character ("\u0000"), which no database keeps in text; each name appears once in
/// its object; each number fits a double (at most about 1.8e308 in size, and not so close to zero that
/// it would become 0) and is written in at most <see cref="MaxNumberLength"/> characters, so that both
/// databases can keep it. A problem names its path: "traits.note", "condition.all[1].value".
/// </summary>
public static class JsonText
{
    public const int MaxNumberLength = 1000;
    private const string NotUtf8 = "is not valid UTF-8 text";
    private const string Unpaired = "holds an unpaired surrogate (such as \\uD800 without its partner), which is not text";
    private const string Nul = "holds the NUL character (\\u0000), which Rapport does not keep";

    /// <summary>The first problem with the text of <paramref name="json"/>, or null when all of it is accepted.</summary>
    /// <param name="json">A well-formed JSON value: parse it first (a syntax error throws a <see cref="JsonException"/> here).</param>
    /// <param name="root">What the path calls the whole value ("body", "message").</param>
    /// <param name="itemsCheckedApart">
    /// The name of a top-level array whose items are checked one by one elsewhere (a tracking batch's
    /// "batch", whose messages are accepted or rejected each on its own).
    /// </param>
    public static JsonTextProblem? Check(ReadOnlySpan<byte> json, string root = "body", string? itemsCheckedApart = null)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1000 }); // the parser before already held the depth
        var path = JsonPath.Start(root);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (TextProblem(reader.ValueSpan, reader.ValueIsEscaped) is { } badName)
                    {
                        return new JsonTextProblem(path.OfObject(), "a field name in this object " + badName);
                    }

                    if (!path.Name(ref reader))
                    {
                        return new JsonTextProblem(path.ToString(), "is given twice in the same object: give each field once");
                    }

                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.Close();
                    continue;
            }

            path.Item();
            if (itemsCheckedApart is not null && path.IsItemOfTopLevelArray(itemsCheckedApart))
            {
                reader.Skip();
                continue;
            }

            var problem = reader.TokenType switch
            {
                JsonTokenType.StartObject => path.Open(isArray: false),
                JsonTokenType.StartArray => path.Open(isArray: true),
                JsonTokenType.String => TextProblem(reader.ValueSpan, reader.ValueIsEscaped),
                JsonTokenType.Number => NumberProblem(ref reader),
                _ => null,
            };
            if (problem is not null)
            {
                return new JsonTextProblem(path.ToString(), problem);
            }
        }

        return null;
    }

    /// <summary>
    /// The JSON with every unpaired surrogate escape and every NUL escape written "\uFFFD", and every byte
    /// sequence that is not UTF-8 replaced by U+FFFD: text that can always be read and written again.
    /// </summary>
    public static string Repaired(ReadOnlySpan<byte> json, out bool changed)
    {
        changed = !Utf8.IsValid(json);
        var bytes = json.ToArray();
        for (var at = json.IndexOf((byte)'\\'); at >= 0;)
        {
            var (length, problem) = Escape(bytes, at);
            if (problem is not null)
            {
                "FFFD"u8.CopyTo(bytes.AsSpan(at + 2)); // the same length: nothing around it moves
                changed = true;
            }

            var next = bytes.AsSpan(at + length).IndexOf((byte)'\\');
            at = next < 0 ? -1 : at + length + next;
        }

        return Encoding.UTF8.GetString(bytes); // what is not UTF-8 becomes U+FFFD
    }

    /// <summary>Why a JSON string's raw bytes (as written, escapes and all) are not accepted text, or null.</summary>
    private static string? TextProblem(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Utf8.IsValid(raw) ? null : NotUtf8;
        }

        var at = 0;
        while (at < raw.Length)
        {
            var backslash = raw[at..].IndexOf((byte)'\\');
            if (!Utf8.IsValid(backslash < 0 ? raw[at..] : raw.Slice(at, backslash)))
            {
                return NotUtf8; // a backslash is never inside a multi-byte sequence: the runs between escapes are checked alone
            }

            if (backslash < 0)
            {
                return null;
            }

            var (length, problem) = Escape(raw, at + backslash);
            if (problem is not null)
            {
                return problem;
            }

            at += backslash + length;
        }

        return null;
    }

    /// <summary>The escape at the backslash <paramref name="at"/>: its length (12 for a surrogate pair) and what is wrong with it.</summary>
    private static (int Length, string? Problem) Escape(ReadOnlySpan<byte> raw, int at)
    {
        if (at + 6 > raw.Length || raw[at + 1] != (byte)'u')
        {
            return (Math.Min(2, raw.Length - at), null); // "\n" and the like (or, in text repaired that is not JSON, a lone backslash)
        }

        var unit = (char)Hex(raw.Slice(at + 2, 4));
        if (unit == 0)
        {
            return (6, Nul);
        }

        if (char.IsHighSurrogate(unit) && at + 12 <= raw.Length && raw[at + 6] == (byte)'\\' && raw[at + 7] == (byte)'u'
            && char.IsLowSurrogate((char)Hex(raw.Slice(at + 8, 4))))
        {
            return (12, null);
        }

        return (6, char.IsSurrogate(unit) ? Unpaired : null);
    }

    private static string? NumberProblem(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.Length > MaxNumberLength)
        {
            return $"is a number written in more than {MaxNumberLength} characters";
        }

        reader.TryGetDouble(out var value); // a JSON number always reads, as infinity when too large
        if (double.IsInfinity(value))
        {
            return "is a number too large to keep (at most about 1.8e308)";
        }

        var mantissa = raw[..(raw.IndexOfAny((byte)'e', (byte)'E') is >= 0 and var e ? e : raw.Length)];
        return value == 0 && mantissa.IndexOfAnyInRange((byte)'1', (byte)'9') >= 0
            ? "is a number too close to zero to keep (it would become 0)"
            : null;
    }

    private static int Hex(ReadOnlySpan<byte> four)
    {
        var value = 0;
        foreach (var digit in four)
        {
            value = (value * 16) + (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
    }
}

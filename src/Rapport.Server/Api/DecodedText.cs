using System.Text;

namespace Rapport.Server.Api;

/// <summary>
/// Text that arrived percent- or form-encoded (query parameters, form fields) and was decoded before
/// Rapport sees it. It is accepted as JSON text is (see Rapport.Core.Validation.JsonText): no NUL, no
/// unpaired surrogate; and since the decoding turned bytes that are not UTF-8 into U+FFFD, U+FFFD is
/// refused too, as the one trace they leave.
/// </summary>
public static class DecodedText
{
    /// <returns>Why a parameter or field (its name or one of its values) is not accepted, or null.</returns>
    public static string? Problem(string name, IEnumerable<string?> values) =>
        Problem(name) ?? values.Select(v => Problem(v ?? "")).FirstOrDefault(p => p is not null);

    /// <returns>Why <paramref name="text"/> is not accepted, or null.</returns>
    public static string? Problem(string text)
    {
        for (var at = 0; at < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(at), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return "holds an unpaired surrogate, which is not text";
            }

            if (rune.Value == 0)
            {
                return "holds the NUL character (%00), which Rapport does not keep";
            }

            if (rune == Rune.ReplacementChar)
            {
                return "holds bytes that are not UTF-8 text (decoded as U+FFFD)";
            }

            at += length;
        }

        return null;
    }
}

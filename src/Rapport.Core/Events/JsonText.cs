namespace Rapport.Core.Events;

/// <summary>Checks on raw JSON text.</summary>
public static class JsonText
{
    /// <summary>
    /// Whether a string in the JSON holds the NUL character (written "\u0000"): no database keeps NUL in
    /// text, so such input is refused. An escaped backslash before "u0000" is not a NUL.
    /// </summary>
    public static bool HasNul(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (json[offset..].IndexOf("\\u0000"u8) is var found and >= 0)
        {
            var at = offset + found;
            var backslashes = 1;
            while (at - backslashes >= 0 && json[at - backslashes] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                return true;
            }

            offset = at + 1;
        }

        return false;
    }
}

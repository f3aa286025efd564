namespace Rapport.Core.Segments;

/// <summary>
/// A contact's stable bucket 0–99: two rounds of the MINSTD generator over the id, which SQL computes
/// with the same 64-bit integer steps (no overflow: every product stays below 2^47).
/// </summary>
public static class Buckets
{
    public const long Modulus = 2147483647;
    public const long Multiplier = 48271;

    public static int Of(long contactId)
    {
        var h = (contactId % Modulus + Modulus) % Modulus;
        h = h * Multiplier % Modulus;
        h = h * Multiplier % Modulus;
        return (int)(h % 100);
    }
}

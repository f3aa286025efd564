namespace Rapport.Storage;

/// <summary>
/// Times are stored as Unix milliseconds (UTC) in every dialect: ordered, compact, exact. Rows and
/// parameters carry them as long; these convert at the edge.
/// </summary>
internal static class UnixMs
{
    public static long Of(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToTime(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}

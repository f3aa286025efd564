namespace Rapport.Core.Consent;

/// <summary>What proves a consent change: where the request came from and what the person was shown.</summary>
/// <param name="ConsentTextKey">The consent text shown (with <paramref name="ConsentTextVersion"/>), for grants.</param>
public sealed record Evidence(
    string? Ip = null, string? UserAgent = null, string? ConsentTextKey = null, int? ConsentTextVersion = null, string? Note = null)
{
    public static readonly Evidence None = new();
}

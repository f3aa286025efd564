using System.Security.Cryptography;
using System.Text;

namespace Rapport.Core.Workspaces;

/// <summary>
/// An API key as stored: never the secret itself, only its SHA-256 and its last four characters (the hint that
/// tells keys apart in a list). A revoked key is kept, with the time, and opens nothing.
/// </summary>
public sealed record ApiKey(long Id, int WorkspaceId, string Name, ApiKeyRole Role, DateTimeOffset CreatedAt, string? Hint = null, DateTimeOffset? RevokedAt = null)
{
    private const string Prefix = "rk_";

    /// <summary>A key name (the label shown in lists): 1 to this many characters, not blank.</summary>
    public const int MaxNameLength = 100;

    /// <summary>A new secret: 32 random bytes, URL-safe, recognisable by its prefix.</summary>
    public static string NewSecret() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>"…" and the secret's last four characters: enough to tell which key was pasted where, far too little to guess it.</summary>
    public static string HintOf(string secret) => "…" + secret[^Math.Min(4, secret.Length)..];

    /// <summary>Each role opens its own routes only: an admin key sent from a website as a write key would be public at once.</summary>
    public bool Allows(ApiKeyRole needed) => Role == needed;

    public bool IsRevoked => RevokedAt is not null;
}

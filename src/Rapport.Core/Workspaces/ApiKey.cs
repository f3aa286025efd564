using System.Security.Cryptography;
using System.Text;

namespace Rapport.Core.Workspaces;

/// <summary>An API key as stored: never the secret itself, only its SHA-256.</summary>
public sealed record ApiKey(long Id, int WorkspaceId, string Name, ApiKeyRole Role, DateTimeOffset CreatedAt)
{
    private const string Prefix = "rk_";

    /// <summary>A new secret: 32 random bytes, URL-safe, recognisable by its prefix.</summary>
    public static string NewSecret() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Allows(ApiKeyRole needed) => Role == ApiKeyRole.Admin || Role == needed;
}

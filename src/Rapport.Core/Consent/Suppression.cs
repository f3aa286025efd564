using System.Security.Cryptography;
using System.Text;

namespace Rapport.Core.Consent;

public enum SuppressionKind
{
    Email,
    Phone,
}

public enum SuppressionReason
{
    GlobalOptOut,
    HardBounce,
    Complaint,
    Erased,
    Manual,
}

/// <summary>
/// An address that must never be contacted, kept only as a hash so it outlives the person's data:
/// SHA-256 (hex) of the e-mail address in lower case, or of the phone number in E.164.
/// </summary>
public sealed record Suppression(SuppressionKind Kind, string Hash, SuppressionReason Reason, DateTimeOffset CreatedAt)
{
    public static string HashOf(SuppressionKind kind, string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            kind == SuppressionKind.Email ? address.Trim().ToLowerInvariant() : address.Trim())));
}

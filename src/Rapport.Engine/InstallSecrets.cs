using System.Security.Cryptography;
using Rapport.Core.Ports;

namespace Rapport.Engine;

/// <summary>
/// The signing keys of the whole install (public links, webhooks) when none is configured: 32 random bytes as base64, made
/// by the first node that needs one and kept in the database settings, so every node and every restart signs alike.
/// </summary>
public static class InstallSecrets
{
    /// <summary>The settings of the whole install are kept as those of workspace 0.</summary>
    public const int InstallWide = 0;

    /// <summary>The key stored under <paramref name="name"/>, made and stored first if there is none (the first writer wins).</summary>
    public static Task<string> GetOrMakeAsync(ISettingStore settings, string name, CancellationToken ct) =>
        settings.GetOrAddAsync(InstallWide, name, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct);

    /// <summary>The bytes of a configured or stored key (base64 of at least 32 bytes); null when it is not one.</summary>
    public static byte[]? Bytes(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= 32 ? bytes[..length] : null;
    }
}

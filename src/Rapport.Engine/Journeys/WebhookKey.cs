using Rapport.Core.Ports;

namespace Rapport.Engine.Journeys;

/// <summary>
/// The key journeys' webhooks are signed with (<see cref="Core.Journeys.JourneyWebhook.Signature"/>): the configured one
/// (Rapport:Webhooks:Key, base64 of at least 32 bytes), else one made once for the install and kept in the database
/// (<see cref="InstallSecrets"/>), so every node signs alike and receivers keep one key.
/// </summary>
public sealed class WebhookKey(string? configured, ISettingStore settings)
{
    /// <summary>The setting the made key is kept under.</summary>
    public const string SettingName = "webhooks.key";

    private byte[]? _bytes;

    /// <summary>The key as base64, as the receivers are given it.</summary>
    public async Task<string> TextAsync(CancellationToken ct) => configured ?? await InstallSecrets.GetOrMakeAsync(settings, SettingName, ct);

    /// <summary>The key's bytes, read once (a failed read is tried again on the next call).</summary>
    public async Task<byte[]> BytesAsync(CancellationToken ct) =>
        _bytes ??= InstallSecrets.Bytes(await TextAsync(ct)) ?? throw new InvalidOperationException("Rapport:Webhooks:Key must be base64 of at least 32 random bytes.");
}

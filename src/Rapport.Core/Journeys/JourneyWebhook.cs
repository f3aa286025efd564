using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rapport.Core.Contacts;

namespace Rapport.Core.Journeys;

/// <summary>
/// What a journey's webhook sends, and how it is signed. The body names the journey, its version, the instance, the node,
/// the contact (id, external id and e-mail address: no other personal data) and when the contact passed the node:
/// {"journey", "version", "instance", "node", "contact": {"id", "externalId", "email"}, "at"}. The header
/// <see cref="SignatureHeader"/> is "t=UNIX SECONDS,v1=HEX", HEX the lower-case HMAC-SHA256 of "t.body" with the webhook
/// key: the receiver, who knows the key, can tell the body came from Rapport unchanged, and refuse one that is old.
/// </summary>
public static class JourneyWebhook
{
    public const string SignatureHeader = "Rapport-Signature";

    /// <summary>The same on every attempt of one call (<see cref="Work.WebhookDue.IdempotencyKey"/>): a receiver acts on it once.</summary>
    public const string IdempotencyHeader = "Rapport-Idempotency-Key";

    /// <summary>The JSON text sent for a contact who passed <paramref name="node"/> of <paramref name="instance"/> at <paramref name="at"/>.</summary>
    public static string Body(JourneyInstance instance, string node, Contact contact, DateTimeOffset at) =>
        JsonSerializer.Serialize(
            new Sent(instance.Journey, instance.Version, instance.Id, node, new SentContact(contact.Id, contact.ExternalId, contact.Email), at.ToUniversalTime()),
            JsonSerializerOptions.Web);

    /// <summary>The value of <see cref="SignatureHeader"/> for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Signature(ReadOnlySpan<byte> key, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{t}.{body}")))}";
    }

    private sealed record Sent(string Journey, int Version, long Instance, string Node, SentContact Contact, DateTimeOffset At);

    private sealed record SentContact(long Id, string? ExternalId, string? Email);
}

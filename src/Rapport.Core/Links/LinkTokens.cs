using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rapport.Core.Consent;

namespace Rapport.Core.Links;

public enum LinkTokenProblem
{
    Malformed,
    Forged,
    Expired,
    WrongPurpose,
}

/// <summary>
/// HMAC-SHA256-signed link tokens: "payload.signature", both base64url. The payload names the
/// workspace, contact, purpose, topic, channel, expiry and the contact's link nonce; any changed byte breaks
/// the signature. Tokens of format 1, made before the nonce, still read (with no nonce).
/// </summary>
public sealed class LinkTokens
{
    private const int SignatureBytes = 20;
    private readonly byte[] _key;

    public LinkTokens(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("A link signing key needs at least 32 bytes.", nameof(key));
        }

        _key = key;
    }

    public string Issue(LinkClaims claims)
    {
        var fields = new List<string>
        {
            claims.Nonce is null ? "1" : "2",
            WireName.Of(claims.Purpose),
            claims.WorkspaceId.ToString(CultureInfo.InvariantCulture),
            claims.ContactId.ToString(CultureInfo.InvariantCulture),
            claims.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            claims.Topic ?? "",
            claims.Channel is { } channel ? WireName.Of(channel) : "",
        };
        if (claims.Nonce is { } nonce)
        {
            fields.Add(nonce.ToString(CultureInfo.InvariantCulture));
        }

        var payload = string.Join('.', fields);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url.EncodeToString(bytes) + "." + Base64Url.EncodeToString(Sign(bytes));
    }

    /// <summary>The claims of a token that is intact, unexpired and for <paramref name="purpose"/>; otherwise why not.</summary>
    public (LinkClaims? Claims, LinkTokenProblem? Problem) Read(string? token, LinkPurpose purpose, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var signature))
        {
            return (null, LinkTokenProblem.Malformed);
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(payload)))
        {
            return (null, LinkTokenProblem.Forged);
        }

        var claims = Parse(Encoding.UTF8.GetString(payload));
        if (claims is null)
        {
            return (null, LinkTokenProblem.Malformed);
        }

        return claims.Purpose != purpose ? (null, LinkTokenProblem.WrongPurpose)
            : claims.ExpiresAt <= now ? (null, LinkTokenProblem.Expired)
            : (claims, null);
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(_key, payload)[..SignatureBytes];

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > 512 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    private static LinkClaims? Parse(string payload)
    {
        var f = payload.Split('.');
        const NumberStyles digits = NumberStyles.None;
        var c = CultureInfo.InvariantCulture;
        long? nonce = null;
        if (f is ["2", _, _, _, _, _, _, var nonceText])
        {
            if (!long.TryParse(nonceText, digits, c, out var parsedNonce))
            {
                return null;
            }

            nonce = parsedNonce;
        }
        else if (f is not ["1", _, _, _, _, _, _])
        {
            return null;
        }

        if (!WireName.TryParse<LinkPurpose>(f[1], out var purpose)
            || !int.TryParse(f[2], digits, c, out var workspaceId)
            || !long.TryParse(f[3], digits, c, out var contactId)
            || !long.TryParse(f[4], digits, c, out var expires))
        {
            return null;
        }

        Channel? channel = null;
        if (f[6].Length > 0)
        {
            if (!WireName.TryParse<Channel>(f[6], out var parsed))
            {
                return null;
            }

            channel = parsed;
        }

        return new LinkClaims(workspaceId, contactId, purpose, f[5].Length > 0 ? f[5] : null, channel,
            DateTimeOffset.FromUnixTimeSeconds(expires), nonce);
    }
}

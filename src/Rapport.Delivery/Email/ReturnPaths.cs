using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Rapport.Delivery.Email;

/// <summary>
/// A return path per message (VERP): the envelope sender <c>bounces+{messageId}-{signature}@{bounce domain}</c>, where the
/// signature is the first 6 bytes of HMAC-SHA256 over the message id, in hex. A bounce comes back to that address, so it
/// names its message, and the signature shows the address was made here: a made-up or altered one names no message.
/// </summary>
public sealed class ReturnPaths
{
    private const string Prefix = "bounces+";
    private const int SignatureBytes = 6;

    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    private readonly byte[] _key;
    private readonly string? _bounceDomain;

    /// <param name="key">The HMAC key, at least 32 bytes (the install's return-path secret).</param>
    /// <param name="bounceDomain">The domain bounces go to; null: the domain of each message's From address.</param>
    public ReturnPaths(byte[] key, string? bounceDomain)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, 32, nameof(key));
        _key = key;
        _bounceDomain = string.IsNullOrWhiteSpace(bounceDomain) ? null : bounceDomain;
    }

    /// <summary>The envelope sender for a message sent from <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentException">The id holds more than letters, digits, '-' and '_', or is longer than 40 characters.</exception>
    public string For(string messageId, string from)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(from);
        if (messageId.Length is 0 or > 40 || messageId.AsSpan().ContainsAnyExcept(IdCharacters))
        {
            throw new ArgumentException($"'{messageId}' cannot be part of a return path: 1 to 40 letters, digits, '-' and '_'.", nameof(messageId));
        }

        var domain = _bounceDomain ?? from[(from.LastIndexOf('@') + 1)..];
        return $"{Prefix}{messageId}-{Signature(messageId)}@{domain}";
    }

    /// <summary>The message id a return path names; null when the address is not one of ours or its signature does not match.</summary>
    public string? MessageIdOf(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        if (!local.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var dash = local.LastIndexOf('-');
        if (dash <= Prefix.Length)
        {
            return null;
        }

        var id = local[Prefix.Length..dash];
        var signature = local[(dash + 1)..];
        var expected = Encoding.ASCII.GetBytes(Signature(id));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given) ? id : null;
    }

    private string Signature(string messageId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("return-path:" + messageId)).AsSpan(0, SignatureBytes));
}

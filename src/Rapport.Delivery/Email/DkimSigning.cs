using MimeKit;
using MimeKit.Cryptography;

namespace Rapport.Delivery.Email;

/// <summary>
/// DKIM signing (RFC 6376) of every outgoing message with MimeKit's signer: rsa-sha256, relaxed/relaxed, over From, To,
/// Subject, Date, Message-ID, MIME-Version, Content-Type, List-Unsubscribe and List-Unsubscribe-Post – those a message has.
/// Receivers check it against the public key published at <c>{Selector}._domainkey.{Domain}</c>.
/// </summary>
public sealed class DkimSigning
{
    /// <summary>The headers signed, in this order, when the message has them.</summary>
    public static readonly IReadOnlyList<string> SignedHeaders =
    [
        "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post",
    ];

    private readonly DkimSigner _signer;

    private DkimSigning(DkimSigner signer, string domain, string selector)
    {
        _signer = signer;
        Domain = domain;
        Selector = selector;
    }

    /// <summary>The signing domain (d=).</summary>
    public string Domain { get; }

    /// <summary>The selector (s=): the key's DNS name is {Selector}._domainkey.{Domain}.</summary>
    public string Selector { get; }

    /// <summary>Reads the PEM private key (PKCS#1 or PKCS#8 RSA) at <paramref name="privateKeyPath"/>.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or holds no RSA private key; the message says which, in one line.</exception>
    public static DkimSigning Load(string domain, string selector, string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPath);
        byte[] pem;
        try
        {
            pem = File.ReadAllBytes(privateKeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"the DKIM private key '{privateKeyPath}' cannot be read: {e.Message}", e);
        }

        DkimSigner signer;
        try
        {
            using var stream = new MemoryStream(pem);
            signer = new DkimSigner(stream, domain, selector, DkimSignatureAlgorithm.RsaSha256);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or Org.BouncyCastle.Security.SecurityUtilityException or IOException)
        {
            throw new InvalidDataException($"the DKIM private key '{privateKeyPath}' is not an RSA private key in PEM form ({e.Message}).", e);
        }

        signer.HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        signer.BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        return new DkimSigning(signer, domain, selector);
    }

    /// <summary>Adds the DKIM-Signature header; the message must not change afterwards. Content-Type lives on the body in MimeKit.</summary>
    public void Sign(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var present = SignedHeaders.Where(name => message.Headers.Contains(name) || message.Body?.Headers.Contains(name) == true).ToList();
        _signer.Sign(MailComposer.Format, message, present);
    }
}

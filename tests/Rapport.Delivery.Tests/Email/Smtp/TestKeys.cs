using System.Security.Cryptography;
using Rapport.Delivery.Email;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>A fresh 2048-bit RSA DKIM key in a PEM file, and the TXT record a domain would publish for it.</summary>
public sealed class TestKeys : IDisposable
{
    private readonly TempFolder _folder = new();

    public TestKeys()
    {
        using var rsa = RSA.Create(2048);
        PemPath = _folder.File("dkim.pem");
        File.WriteAllText(PemPath, rsa.ExportRSAPrivateKeyPem());
        PublicKeyRecord = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    public string PemPath { get; }

    /// <summary>The TXT record of rapport._domainkey.shop.example.</summary>
    public string PublicKeyRecord { get; }

    public DkimSigning Signing() => DkimSigning.Load("shop.example", "rapport", PemPath);

    public void Dispose() => _folder.Dispose();
}

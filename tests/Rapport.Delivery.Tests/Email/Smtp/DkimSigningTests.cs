using Rapport.Delivery.Email;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email.Smtp;

public sealed class DkimSigningTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_missing_key_file_is_named_in_one_line()
    {
        var path = _folder.File("missing.pem");

        var refused = Assert.Throws<InvalidDataException>(() => DkimSigning.Load("shop.example", "rapport", path));

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Theory]
    [InlineData("not a key at all")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")]
    [InlineData("")]
    public void A_file_that_is_not_a_PEM_private_key_is_named_in_one_line(string content)
    {
        var path = _folder.File("bad.pem");
        File.WriteAllText(path, content);

        var refused = Assert.Throws<InvalidDataException>(() => DkimSigning.Load("shop.example", "rapport", path));

        Assert.Contains("is not an RSA private key in PEM form", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }
}

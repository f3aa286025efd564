using Rapport.Core.Contacts;

namespace Rapport.Core.Tests.Contacts;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("Anna.Nowak@Example.COM", "Anna.Nowak@example.com")]
    [InlineData("  jan+news@poczta.pl ", "jan+news@poczta.pl")]
    [InlineData("o'brien@mail.example.ie", "o'brien@mail.example.ie")]
    [InlineData("kontakt@Żółw.PL", "kontakt@xn--w-uga1v8h.pl")]
    [InlineData("info@مثال.السعودية", "info@xn--mgbh0fb.xn--mgberp4a5d4ar")]
    public void Valid_addresses_keep_their_mailbox_and_get_one_spelling_of_the_domain(string typed, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(typed, out var normalized, out var reason), reason);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("anna@")]
    [InlineData("an na@example.com")]
    [InlineData("anna..nowak@example.com")]
    [InlineData(".anna@example.com")]
    [InlineData("anna@localhost")]
    [InlineData("anna@example.123")]
    [InlineData("anna@-example.com")]
    [InlineData("anna@exa_mple.com")]
    [InlineData("a\"b@example.com")]
    public void Invalid_addresses_are_refused_with_a_reason(string typed)
    {
        Assert.False(EmailAddress.TryNormalize(typed, out _, out var reason));
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void An_address_longer_than_254_characters_is_refused()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com";
        Assert.False(EmailAddress.TryNormalize($"someone@{domain}", out _, out var reason));
        Assert.Contains("254", reason, StringComparison.Ordinal);
    }
}

using Rapport.Core.Consent;
using Rapport.Core.Links;

namespace Rapport.Core.Tests.Links;

public sealed class LinkTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly LinkClaims Claims = new(3, 123456789, LinkPurpose.Unsubscribe, "offers", Channel.Email, Now.AddDays(60), 987654321012345);

    [Fact]
    public void A_token_reads_back_its_claims_until_it_expires()
    {
        var tokens = new LinkTokens(Key);
        var token = tokens.Issue(Claims);

        Assert.Equal((Claims, (LinkTokenProblem?)null), tokens.Read(token, LinkPurpose.Unsubscribe, Now.AddDays(59)));
        Assert.Equal(LinkTokenProblem.Expired, tokens.Read(token, LinkPurpose.Unsubscribe, Now.AddDays(60)).Problem);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('+', token);
    }

    [Fact]
    public void Every_changed_character_makes_the_token_invalid()
    {
        var tokens = new LinkTokens(Key);
        var token = tokens.Issue(Claims);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (var i = 0; i < token.Length; i++)
        {
            foreach (var other in new[] { alphabet[(alphabet.IndexOf(token[i]) + 1) % alphabet.Length], alphabet[(alphabet.IndexOf(token[i]) + 17) % alphabet.Length] })
            {
                var changed = token[..i] + other + token[(i + 1)..];
                if (changed != token)
                {
                    Assert.Null(tokens.Read(changed, LinkPurpose.Unsubscribe, Now).Claims);
                }
            }
        }
    }

    [Fact]
    public void A_token_for_one_purpose_or_signed_with_another_key_is_refused()
    {
        var token = new LinkTokens(Key).Issue(Claims);
        Assert.Equal(LinkTokenProblem.WrongPurpose, new LinkTokens(Key).Read(token, LinkPurpose.Preferences, Now).Problem);
        Assert.Equal(LinkTokenProblem.Forged, new LinkTokens(Enumerable.Repeat((byte)1, 32).ToArray()).Read(token, LinkPurpose.Unsubscribe, Now).Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_is_malformed(string token) =>
        Assert.Equal(LinkTokenProblem.Malformed, new LinkTokens(Key).Read(token, LinkPurpose.Confirm, Now).Problem);

    [Fact]
    public void A_short_key_is_refused() => Assert.Throws<ArgumentException>(() => new LinkTokens(new byte[16]));
}

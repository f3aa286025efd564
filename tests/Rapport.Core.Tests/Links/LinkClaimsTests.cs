using Rapport.Core.Contacts;
using Rapport.Core.Links;

namespace Rapport.Core.Tests.Links;

public sealed class LinkClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly LinkTokens Tokens = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    private static Contact Person(long id, long nonce) => new Contact(id, null, null, null, null, null, null, [], Now, Now, Now) with { LinkNonce = nonce };

    private static LinkClaims Claims(long contactId, long? nonce) => new(3, contactId, LinkPurpose.Preferences, null, null, Now.AddDays(90), nonce);

    [Fact]
    public void A_link_is_for_the_contact_with_its_id_and_nonce_only()
    {
        var claims = Claims(42, 7_000_000_000_001);

        Assert.True(claims.IsFor(Person(42, 7_000_000_000_001), nonceFreeUpTo: 1000));
        Assert.False(claims.IsFor(Person(42, 7_000_000_000_002), nonceFreeUpTo: 1000)); // another person under the same id
        Assert.False(claims.IsFor(Person(43, 7_000_000_000_001), nonceFreeUpTo: 1000));
    }

    [Fact]
    public void A_link_made_before_nonces_reads_and_is_taken_only_for_the_contacts_that_existed_then()
    {
        var old = Tokens.Issue(Claims(42, null));

        var (claims, problem) = Tokens.Read(old, LinkPurpose.Preferences, Now);

        Assert.Null(problem);
        Assert.Null(claims!.Nonce);
        Assert.True(claims.IsFor(Person(42, 5), nonceFreeUpTo: 42));
        Assert.False(claims.IsFor(Person(42, 5), nonceFreeUpTo: 41));
    }

    [Fact]
    public void A_link_carries_its_contacts_nonce()
    {
        var (claims, _) = Tokens.Read(Tokens.Issue(Claims(42, long.MaxValue)), LinkPurpose.Preferences, Now);

        Assert.Equal(long.MaxValue, claims!.Nonce);
    }
}

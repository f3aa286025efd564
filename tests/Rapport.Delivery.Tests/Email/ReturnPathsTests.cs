using Rapport.Delivery.Email;

namespace Rapport.Delivery.Tests.Email;

public sealed class ReturnPathsTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly ReturnPaths Paths = new(Key, "bounces.shop.example");

    [Theory]
    [InlineData("m42")]
    [InlineData("Campaign_7-a")]
    public void A_return_path_names_its_message(string id)
    {
        var address = Paths.For(id, "news@shop.example");

        Assert.Matches($"^bounces\\+{id}-[0-9a-f]{{12}}@bounces\\.shop\\.example$", address);
        Assert.Equal(id, Paths.MessageIdOf(address));
        var dash = address.LastIndexOf('-');
        Assert.Equal(id, Paths.MessageIdOf(address[..dash] + address[dash..].ToUpperInvariant())); // the signature's case may change on the way
    }

    [Fact]
    public void Without_a_bounce_domain_bounces_go_to_the_senders_domain()
    {
        Assert.EndsWith("@shop.example", new ReturnPaths(Key, null).For("m1", "news@shop.example"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m43")] // another id with m42's signature
    [InlineData("m4")]
    [InlineData("m420")]
    public void An_altered_id_names_no_message(string otherId)
    {
        var signature = Paths.For("m42", "news@shop.example").Split('-')[1];

        Assert.Null(Paths.MessageIdOf($"bounces+{otherId}-{signature}"));
    }

    [Theory]
    [InlineData("bounces+m42@shop.example")]
    [InlineData("bounces+m42-@shop.example")]
    [InlineData("bounces+-0123456789ab@shop.example")]
    [InlineData("news@shop.example")]
    [InlineData("bounces+m42-0123456789ab@shop.example")]
    public void A_made_up_address_names_no_message(string address) => Assert.Null(Paths.MessageIdOf(address));

    [Fact]
    public void An_address_signed_with_another_key_names_no_message()
    {
        var other = new ReturnPaths(Enumerable.Repeat((byte)1, 32).ToArray(), "bounces.shop.example");

        Assert.Null(Paths.MessageIdOf(other.For("m42", "news@shop.example")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m 1")]
    [InlineData("m1@x")]
    public void An_id_that_cannot_be_part_of_an_address_is_refused(string id) =>
        Assert.Throws<ArgumentException>(() => Paths.For(id, "news@shop.example"));
}

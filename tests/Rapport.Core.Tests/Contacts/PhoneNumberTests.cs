using Rapport.Core.Contacts;

namespace Rapport.Core.Tests.Contacts;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+48 601 234 567", null, "+48601234567")]
    [InlineData("0048 601-234-567", null, "+48601234567")]
    [InlineData("601 234 567", "PL", "+48601234567")]
    [InlineData("(212) 555-0100", "US", "+12125550100")]
    [InlineData("1 212 555 0100", "US", "+12125550100")]
    [InlineData("011 44 20 7946 0958", "US", "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("030 1234567", "DE", "+49301234567")]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("06 1234 5678", "IT", "+390612345678")]
    [InlineData("050 123 4567", "SA", "+966501234567")]
    [InlineData("0912 345 6789", "IR", "+989123456789")]
    [InlineData("010 1234 5678", "EG", "+201012345678")]
    [InlineData("8 (912) 345-67-89", "RU", "+79123456789")]
    [InlineData("06 30 123 4567", "HU", "+36301234567")]
    [InlineData("+971.50.123.4567", "PL", "+971501234567")]
    public void What_people_type_becomes_E164(string typed, string? country, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(typed, country, out var e164, out var reason), reason);
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("call me", "PL", "has letters")]
    [InlineData("601 234 567 ext. 12", "PL", "extension")]
    [InlineData("601 234 567 x12", "PL", "extension")]
    [InlineData("12345", "PL", "too short")]
    [InlineData("+48 601 234 567 890 123", null, "too long")]
    [InlineData("+999 123 456 789", null, "+999 is not a country calling code")]
    [InlineData("601 234 567", null, "no country")]
    [InlineData("601 234 567", "QQ", "'QQ' is not a known country")]
    [InlineData("+48 601 * 234", null, "characters other than digits")]
    [InlineData("48+601234567", null, "characters other than digits")]
    public void What_cannot_be_a_phone_number_is_refused_with_a_reason(string typed, string? country, string reason)
    {
        Assert.False(PhoneNumber.TryNormalize(typed, country, out _, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_country_reads_its_international_and_national_forms_alike()
    {
        Assert.True(CallingCodes.Countries.Count() > 230);
        foreach (var country in CallingCodes.Countries)
        {
            Assert.True(CallingCodes.TryGet(country, out var code, out var trunk));
            var subscriber = "2345678";
            var international = $"+{code} {subscriber}";
            var national = trunk + subscriber;

            Assert.True(PhoneNumber.TryNormalize(international, null, out var fromInternational, out var why), $"{country}: {why}");
            Assert.True(PhoneNumber.TryNormalize(national, country, out var fromNational, out why), $"{country}: {why}");
            Assert.Equal($"+{code}{subscriber}", fromInternational);
            Assert.Equal(fromInternational, fromNational);
            Assert.True(PhoneNumber.TryNormalize(fromInternational, country.ToLowerInvariant(), out var again, out _));
            Assert.Equal(fromInternational, again); // normalising is idempotent
        }
    }
}

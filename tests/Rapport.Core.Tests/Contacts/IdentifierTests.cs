using Rapport.Core.Contacts;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Contacts;

/// <summary>One rule for every identifier: externalId, userId, anonymousId, previousId, groupId, messageId.</summary>
public sealed class IdentifierTests
{
    [Theory]
    [InlineData("\ufeffalice", "U+FEFF at character 1")]
    [InlineData("bob\u200b", "U+200B at character 4")]
    [InlineData("a\u202eb", "U+202E")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("a\0b", "U+0000")]
    [InlineData("a\u2028b", "U+2028")]
    [InlineData("\U000E0001x", "U+E0001")]
    public void An_identifier_with_an_invisible_character_is_refused_with_where_it_is(string raw, string reason)
    {
        Assert.Null(Identifier.Normalize(raw, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  alice ", "alice")]
    [InlineData("Jan Kowalski", "Jan Kowalski")]
    [InlineData("użytkownik-42 😀", "użytkownik-42 😀")]
    [InlineData("ajs-2f9c…", "ajs-2f9c…")]
    public void A_visible_identifier_is_kept_as_it_is_but_for_the_space_around_it(string raw, string id)
    {
        Assert.Equal(id, Identifier.Normalize(raw, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void An_identifier_with_an_unpaired_surrogate_is_refused() // not as InlineData: test discovery does not keep a lone surrogate
    {
        Assert.Null(Identifier.Normalize("a" + (char)0xD800, out var problem));
        Assert.Equal("holds an unpaired surrogate at character 2, which is not text", problem);
    }

    [Fact]
    public void The_contact_rules_of_the_api_and_the_import_hold_an_externalId_to_the_same_rule()
    {
        var errors = new FieldErrors();

        var changes = new ContactRules("PL").Normalize(new ContactChanges { ExternalId = Change<string?>.To("\ufeffbob") }, errors);

        Assert.Equal("externalId: holds the invisible character U+FEFF at character 1: an identifier is visible text", errors.ToString());
        Assert.False(changes.ExternalId.IsSet);
    }

    [Fact]
    public void A_blank_identifier_is_none_and_a_long_one_is_refused()
    {
        Assert.Null(Identifier.Normalize(" \t ", out var blank));
        Assert.Null(blank);
        Assert.Null(Identifier.Normalize(new string('x', 201), out var tooLong));
        Assert.Equal("is longer than 200 characters", tooLong);
    }
}

using Rapport.Core.Identity;

namespace Rapport.Core.Tests.Identity;

public sealed class IdentityResolutionTests
{
    private static readonly KnownContact Anonymous = new(1, null);
    private static readonly KnownContact Alice = new(2, "alice");
    private static readonly KnownContact Bob = new(3, "bob");

    [Fact]
    public void A_first_anonymous_visit_creates_a_contact_linked_to_the_device() =>
        Assert.Equal(IdentityDecision.Create(linkSecondId: true), IdentityResolution.Decide(null, null, "a1", null, false));

    [Fact]
    public void A_known_device_stays_with_its_contact() =>
        Assert.Equal(IdentityDecision.Use(1), IdentityResolution.Decide(null, null, "a1", Anonymous, false));

    [Fact]
    public void A_user_identifying_on_an_anonymous_device_takes_over_its_profile() =>
        Assert.Equal(IdentityDecision.Use(1, takeUserId: true), IdentityResolution.Decide("carol", null, "a1", Anonymous, false));

    [Fact]
    public void A_known_user_on_an_anonymous_device_absorbs_the_anonymous_profile() =>
        Assert.Equal(new IdentityDecision(2, 1, false, false), IdentityResolution.Decide("alice", Alice, "a1", Anonymous, false));

    [Fact]
    public void A_device_of_another_user_is_never_taken_over()
    {
        Assert.Equal(IdentityDecision.Use(2), IdentityResolution.Decide("alice", Alice, "bobs-phone", Bob, false));
        Assert.Equal(IdentityDecision.Create(linkSecondId: false), IdentityResolution.Decide("carol", null, "bobs-phone", Bob, false));
    }

    [Fact]
    public void An_alias_merges_even_a_profile_with_its_own_user_id() =>
        Assert.Equal(new IdentityDecision(2, 3, false, false), IdentityResolution.Decide("alice", Alice, "bob", Bob, true));

    [Fact]
    public void A_new_user_on_a_new_device_creates_one_contact_with_both_ids() =>
        Assert.Equal(IdentityDecision.Create(linkSecondId: true), IdentityResolution.Decide("dave", null, "a9", null, false));
}

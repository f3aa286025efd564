namespace Rapport.Core.Identity;

/// <summary>
/// Joins the identifiers of a message to one contact (Segment semantics). The second id is the
/// anonymousId, or the previousId of an alias. An anonymous profile is merged into the user's when
/// the user identifies; a profile that already belongs to another user is never taken over, unless an
/// alias says so explicitly.
/// </summary>
public static class IdentityResolution
{
    public static IdentityDecision Decide(
        string? userId, KnownContact? byUserId, string? secondId, KnownContact? bySecondId, bool isAlias)
    {
        if (userId is null)
        {
            return bySecondId is null ? IdentityDecision.Create(linkSecondId: true) : IdentityDecision.Use(bySecondId.Id);
        }

        if (secondId is null)
        {
            return byUserId is null ? IdentityDecision.Create(linkSecondId: false) : IdentityDecision.Use(byUserId.Id);
        }

        var secondIsFree = bySecondId is not null && (bySecondId.ExternalId is null || isAlias);
        return (byUserId, bySecondId) switch
        {
            (null, null) => IdentityDecision.Create(linkSecondId: true),
            ({ } user, null) => IdentityDecision.Use(user.Id, linkSecondId: true),
            (null, { } second) when secondIsFree => IdentityDecision.Use(second.Id, takeUserId: true),
            (null, _) => IdentityDecision.Create(linkSecondId: false),
            ({ } user, { } second) when user.Id == second.Id => IdentityDecision.Use(user.Id),
            ({ } user, { } second) when secondIsFree => new IdentityDecision(user.Id, second.Id, false, false),
            ({ } user, _) => IdentityDecision.Use(user.Id),
        };
    }
}

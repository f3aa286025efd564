namespace Rapport.Core.Identity;

/// <summary>
/// What to do with a message's identifiers. <see cref="ContactId"/> null means a new contact, whose
/// external id is the message's userId (if any). <see cref="AbsorbId"/> is a contact merged into
/// the chosen one. <see cref="LinkSecondId"/> records the anonymousId (or alias previousId) as
/// pointing at the contact; <see cref="TakeUserId"/> gives the contact the userId as its external id.
/// </summary>
public sealed record IdentityDecision(long? ContactId, long? AbsorbId, bool LinkSecondId, bool TakeUserId)
{
    public static IdentityDecision Create(bool linkSecondId) => new(null, null, linkSecondId, true);

    public static IdentityDecision Use(long id, bool linkSecondId = false, bool takeUserId = false) =>
        new(id, null, linkSecondId, takeUserId);
}

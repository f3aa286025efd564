using Rapport.Core.Consent;
using Rapport.Core.Contacts;

namespace Rapport.Core.Links;

/// <summary>
/// What a signed link says: whose it is (the contact and its <see cref="Contacts.Contact.LinkNonce"/>), what it is for,
/// which topic (null: all), until when. <paramref name="Nonce"/> is null in links made before contacts had one.
/// </summary>
public sealed record LinkClaims(
    int WorkspaceId, long ContactId, LinkPurpose Purpose, string? Topic, Channel? Channel, DateTimeOffset ExpiresAt, long? Nonce)
{
    /// <summary>
    /// Whether the link was made for this contact: the one with its id and nonce. A link made before contacts had a
    /// nonce is taken for the contacts that existed then (ids up to <paramref name="nonceFreeUpTo"/>), whose ids no one else gets.
    /// </summary>
    public bool IsFor(Contact contact, long nonceFreeUpTo) =>
        contact.Id == ContactId && (Nonce is { } nonce ? nonce == contact.LinkNonce : contact.Id <= nonceFreeUpTo);
}

using System.Text.Json.Nodes;

namespace Rapport.Core.Contacts;

/// <summary>
/// A validated partial update of a contact. Traits are merged key by key: a key set to null is removed.
/// </summary>
public sealed record ContactChanges
{
    public Change<string?> ExternalId { get; init; }
    public Change<string?> Email { get; init; }
    public Change<string?> Phone { get; init; }
    public Change<PostalAddress?> Address { get; init; }
    public Change<string?> Locale { get; init; }
    public Change<string?> TimeZone { get; init; }
    public JsonObject? Traits { get; init; }

    public bool IsEmpty =>
        !ExternalId.IsSet && !Email.IsSet && !Phone.IsSet && !Address.IsSet && !Locale.IsSet && !TimeZone.IsSet
        && (Traits is null || Traits.Count == 0);

    /// <summary>The contact these changes make, stamped with <paramref name="now"/>.</summary>
    public Contact ApplyTo(Contact contact, DateTimeOffset now) => contact with
    {
        ExternalId = ExternalId.Or(contact.ExternalId),
        Email = Email.Or(contact.Email),
        Phone = Phone.Or(contact.Phone),
        Address = Address.Or(contact.Address),
        Locale = Locale.Or(contact.Locale),
        TimeZone = TimeZone.Or(contact.TimeZone),
        Traits = Traits is null ? contact.Traits : TraitMerge.Overwrite(contact.Traits, Traits),
        TraitsAt = Traits is null ? contact.TraitsAt : now,
        UpdatedAt = now,
    };

    /// <summary>A new contact made of these changes alone.</summary>
    public Contact ToNewContact(DateTimeOffset now) =>
        ApplyTo(new Contact(0, null, null, null, null, null, null, [], now, now, now), now);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Events;
using Rapport.Core.Validation;

namespace Rapport.Core.Identity;

/// <summary>
/// What an identify tells about a person. The Segment traits email, phone and address, and the
/// context's locale and timezone, become profile fields when valid; everything else (and an
/// invalid value) stays a trait, so nothing sent is lost. Newer messages win; an identify older
/// than what the profile already holds only fills gaps.
/// </summary>
public static class IdentifyTraits
{
    public static Contact Apply(Contact contact, TrackingMessage identify, ContactRules rules, DateTimeOffset now)
    {
        var changes = Read(identify.Properties(), identify.Context(), rules);
        if (identify.Timestamp >= contact.TraitsAt)
        {
            return changes.ApplyTo(contact, now) with { TraitsAt = identify.Timestamp };
        }

        return contact with
        {
            Email = contact.Email ?? changes.Email.Or(null),
            Phone = contact.Phone ?? changes.Phone.Or(null),
            Address = contact.Address ?? changes.Address.Or(null),
            Locale = contact.Locale ?? changes.Locale.Or(null),
            TimeZone = contact.TimeZone ?? changes.TimeZone.Or(null),
            Traits = TraitMerge.FillGaps(contact.Traits, changes.Traits ?? []),
            UpdatedAt = now,
        };
    }

    private static ContactChanges Read(JsonObject traits, JsonObject context, ContactRules rules)
    {
        var raw = new ContactChanges
        {
            Email = Text(traits, "email"),
            Phone = Text(traits, "phone"),
            Address = Address(traits),
            Locale = Text(context, "locale"),
            TimeZone = Text(context, "timezone"),
        };
        var errors = new FieldErrors();
        var valid = rules.Normalize(raw, errors);
        var rest = TraitMerge.Copy(traits);
        if (valid.Email is { IsSet: true, Value: not null })
        {
            rest.Remove("email");
        }

        if (valid.Phone is { IsSet: true, Value: not null })
        {
            rest.Remove("phone");
        }

        if (valid.Address.IsSet)
        {
            rest.Remove("address");
        }

        return valid with { Traits = rest };
    }

    private static Change<string?> Text(JsonObject source, string key) =>
        source[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? Change<string?>.To(value.GetValue<string>())
            : Change<string?>.Keep;

    /// <summary>Segment's address trait: street, city, state, postalCode, country.</summary>
    private static Change<PostalAddress?> Address(JsonObject traits)
    {
        if (traits["address"] is not JsonObject address)
        {
            return Change<PostalAddress?>.Keep;
        }

        string? Field(string key) => address[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>().Trim() is { Length: > 0 } s ? s : null
            : null;
        var lines = Field("street")?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        var name = Text(traits, "name").Or(null)
                   ?? string.Join(' ', new[] { Text(traits, "firstName").Or(null), Text(traits, "lastName").Or(null) }
                       .Where(p => !string.IsNullOrWhiteSpace(p)));
        return Change<PostalAddress?>.To(new PostalAddress(
            name.Length == 0 ? null : name, lines, Field("postalCode"), Field("city"), Field("state"), Field("country")));
    }
}

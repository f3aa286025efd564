using Rapport.Core.Validation;

namespace Rapport.Core.Contacts;

/// <summary>
/// Checks and normalises contact fields, wherever they come from (API, CSV, identify traits):
/// an externalId by the rule of every <see cref="Identifier"/>, e-mail with a lower-cased domain, phone in E.164,
/// IANA time zone, BCP 47 locale.
/// </summary>
public sealed class ContactRules(string? defaultCountry)
{
    public string? DefaultCountry { get; } = defaultCountry;

    /// <summary>The normalised changes; every field that fails is named in <paramref name="errors"/>.</summary>
    public ContactChanges Normalize(ContactChanges raw, FieldErrors errors) => raw with
    {
        ExternalId = Check(raw.ExternalId, "externalId", errors, NormalizeExternalId),
        Email = Check(raw.Email, "email", errors, EmailAddress.TryNormalize),
        Phone = Check(raw.Phone, "phone", errors, NormalizePhone),
        Locale = Check(raw.Locale, "locale", errors, LocaleName.TryNormalize),
        TimeZone = Check(raw.TimeZone, "timeZone", errors, TimeZoneName.TryNormalize),
        Address = raw.Address is { IsSet: true, Value: { IsEmpty: true } } ? Change<PostalAddress?>.To(null) : raw.Address,
    };

    private bool NormalizePhone(string raw, out string e164, out string reason) =>
        PhoneNumber.TryNormalize(raw, DefaultCountry, out e164, out reason);

    private delegate bool Normalizer(string raw, out string normalized, out string reason);

    private static Change<string?> Check(Change<string?> change, string field, FieldErrors errors, Normalizer normalize)
    {
        if (!change.IsSet || change.Value is null)
        {
            return change;
        }

        if (change.Value.Trim().Length == 0)
        {
            return Change<string?>.To(null);
        }

        if (normalize(change.Value, out var normalized, out var reason))
        {
            return Change<string?>.To(normalized);
        }

        errors.Add(field, reason);
        return Change<string?>.Keep;
    }

    private static bool NormalizeExternalId(string raw, out string id, out string reason)
    {
        id = Identifier.Normalize(raw, out var problem) ?? "";
        reason = problem ?? "";
        return problem is null;
    }
}

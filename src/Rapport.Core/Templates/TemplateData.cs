using System.Text.Json.Nodes;
using Rapport.Core.Contacts;

namespace Rapport.Core.Templates;

/// <summary>
/// What a template may read, as plain JSON values and never domain objects (Fluid reads every public member of what it
/// is handed): <c>contact</c> (id, externalId, email, phone, locale, timeZone, address), <c>traits</c>, the caller's
/// <c>journey</c> data, and the <c>unsubscribe_url</c> and <c>preferences_url</c> made for this person.
/// <paramref name="Locale"/> and <paramref name="TimeZone"/> are the person's: dates and money are shown in them.
/// </summary>
public sealed record TemplateData(
    JsonObject Contact, JsonObject Traits, JsonObject Journey, string? Locale, string? TimeZone, string? UnsubscribeUrl, string? PreferencesUrl)
{
    /// <summary>The data of a stored contact, with the journey's data and the person's links.</summary>
    public static TemplateData Of(Contact contact, JsonObject? journey, string? unsubscribeUrl, string? preferencesUrl)
    {
        var profile = new JsonObject
        {
            ["id"] = contact.Id,
            ["externalId"] = contact.ExternalId,
            ["email"] = contact.Email,
            ["phone"] = contact.Phone,
            ["locale"] = contact.Locale,
            ["timeZone"] = contact.TimeZone,
        };
        if (contact.Address is { IsEmpty: false } a)
        {
            profile["address"] = new JsonObject
            {
                ["name"] = a.Name,
                ["lines"] = new JsonArray([.. a.Lines.Select(l => JsonValue.Create(l))]),
                ["postcode"] = a.Postcode,
                ["city"] = a.City,
                ["region"] = a.Region,
                ["country"] = a.Country,
            };
        }

        return new TemplateData(profile, contact.Traits.DeepClone().AsObject(), journey ?? [], contact.Locale, contact.TimeZone, unsubscribeUrl, preferencesUrl);
    }

    /// <summary>The model handed to Liquid: fresh copies, so that a render can change nothing it was given.</summary>
    internal JsonObject Model(string renderedLocale) => new()
    {
        ["contact"] = Contact.DeepClone(),
        ["traits"] = Traits.DeepClone(),
        ["journey"] = Journey.DeepClone(),
        ["locale"] = renderedLocale,
        ["unsubscribe_url"] = UnsubscribeUrl,
        ["preferences_url"] = PreferencesUrl,
    };
}

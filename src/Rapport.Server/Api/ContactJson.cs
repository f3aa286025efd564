using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>A contact as the API shows it (camelCase JSON).</summary>
public sealed record ContactView(
    long Id, string? ExternalId, string? Email, string? Phone, AddressView? Address, string? Locale,
    string? TimeZone, JsonObject Traits, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ContactView Of(Contact c) => new(
        c.Id, c.ExternalId, c.Email, c.Phone, c.Address is { } a ? AddressView.Of(a) : null, c.Locale, c.TimeZone,
        c.Traits, c.CreatedAt, c.UpdatedAt);
}

public sealed record AddressView(string? Name, IReadOnlyList<string> Lines, string? Postcode, string? City, string? Region, string? Country)
{
    public static AddressView Of(PostalAddress a) => new(a.Name, a.Lines, a.Postcode, a.City, a.Region, a.Country);
}

/// <summary>The body of a create or change, as the OpenAPI document describes it (read by <see cref="ContactJson"/>).</summary>
public sealed record ContactInput(
    string? ExternalId, string? Email, string? Phone, AddressView? Address, string? Locale, string? TimeZone, JsonObject? Traits);

/// <summary>
/// Reads the fields of a contact from a request body. Only the fields present change; null clears a
/// field; every wrong type or unknown field is named in the errors.
/// </summary>
public static class ContactJson
{
    private static readonly string[] AddressFields = ["name", "lines", "postcode", "city", "region", "country"];

    public static ContactChanges Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a contact is a JSON object");
            return new ContactChanges();
        }

        var changes = new ContactChanges();
        foreach (var field in body.EnumerateObject())
        {
            changes = field.Name switch
            {
                "externalId" => changes with { ExternalId = Text(field, errors) },
                "email" => changes with { Email = Text(field, errors) },
                "phone" => changes with { Phone = Text(field, errors) },
                "locale" => changes with { Locale = Text(field, errors) },
                "timeZone" => changes with { TimeZone = Text(field, errors) },
                "address" => changes with { Address = Address(field.Value, errors) },
                "traits" => changes with { Traits = Traits(field.Value, errors) },
                "id" or "createdAt" or "updatedAt" => changes,
                _ => Unknown(changes, field.Name, errors),
            };
        }

        return changes;
    }

    private static ContactChanges Unknown(ContactChanges changes, string name, FieldErrors errors)
    {
        errors.Add(name, "unknown field: use externalId, email, phone, address, locale, timeZone or traits");
        return changes;
    }

    private static Change<string?> Text(JsonProperty field, FieldErrors errors, string prefix = "") =>
        field.Value.ValueKind switch
        {
            JsonValueKind.String => Change<string?>.To(field.Value.GetString()),
            JsonValueKind.Null => Change<string?>.To(null),
            _ => Wrong<string?>(errors, prefix + field.Name, "must be a string or null"),
        };

    private static Change<PostalAddress?> Address(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return Change<PostalAddress?>.To(null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Wrong<PostalAddress?>(errors, "address", "must be an object with name, lines, postcode, city, region, country");
        }

        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        IReadOnlyList<string> lines = [];
        foreach (var field in value.EnumerateObject())
        {
            if (field.Name == "lines")
            {
                lines = Lines(field.Value, errors);
            }
            else if (AddressFields.Contains(field.Name))
            {
                texts[field.Name] = Text(field, errors, "address.").Or(null)?.Trim() is { Length: > 0 } s ? s : null;
            }
            else
            {
                errors.Add("address." + field.Name, "unknown field: use " + string.Join(", ", AddressFields));
            }
        }

        return Change<PostalAddress?>.To(new PostalAddress(texts.GetValueOrDefault("name"), lines,
            texts.GetValueOrDefault("postcode"), texts.GetValueOrDefault("city"), texts.GetValueOrDefault("region"),
            texts.GetValueOrDefault("country")));
    }

    private static List<string> Lines(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String))
        {
            return value.EnumerateArray().Select(l => l.GetString()!.Trim()).Where(l => l.Length > 0).ToList();
        }

        errors.Add("address.lines", "must be an array of strings");
        return [];
    }

    private static JsonObject? Traits(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return JsonNode.Parse(value.GetRawText())!.AsObject();
        }

        errors.Add("traits", "must be an object");
        return null;
    }

    private static Change<T> Wrong<T>(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return Change<T>.Keep;
    }
}

using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Validation;

namespace Rapport.Engine.Import;

/// <summary>
/// What each column of an import file means, from its header. Known names (any case; spaces, "_" and "-"
/// ignored): externalId/userId, email, phone/mobile, locale/language, timeZone, address name, address
/// line 1/street, address line 2, postcode/zip, city, region/state, country. Every other column is a
/// trait named as its header. Empty cells leave a field as it is.
/// </summary>
public sealed class ImportColumns
{
    private static readonly Dictionary<string, Field> Known = new(StringComparer.Ordinal)
    {
        ["externalid"] = Field.ExternalId, ["userid"] = Field.ExternalId,
        ["email"] = Field.Email, ["emailaddress"] = Field.Email,
        ["phone"] = Field.Phone, ["mobile"] = Field.Phone, ["phonenumber"] = Field.Phone,
        ["locale"] = Field.Locale, ["language"] = Field.Locale,
        ["timezone"] = Field.TimeZone,
        ["addressname"] = Field.AddressName,
        ["address"] = Field.Line1, ["street"] = Field.Line1, ["addressline1"] = Field.Line1, ["line1"] = Field.Line1,
        ["addressline2"] = Field.Line2, ["line2"] = Field.Line2,
        ["postcode"] = Field.Postcode, ["postalcode"] = Field.Postcode, ["zip"] = Field.Postcode, ["zipcode"] = Field.Postcode,
        ["city"] = Field.City, ["town"] = Field.City,
        ["region"] = Field.Region, ["state"] = Field.Region, ["province"] = Field.Region,
        ["country"] = Field.Country,
    };

    private readonly Field[] _fields;
    private readonly string[] _names;

    private ImportColumns(Field[] fields, string[] names)
    {
        _fields = fields;
        _names = names;
    }

    private enum Field
    {
        Trait,
        ExternalId,
        Email,
        Phone,
        Locale,
        TimeZone,
        AddressName,
        Line1,
        Line2,
        Postcode,
        City,
        Region,
        Country,
    }

    public static ImportColumns FromHeader(string[] header)
    {
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var fields = names.Select(n => Known.GetValueOrDefault(Key(n), Field.Trait)).ToArray();
        var repeated = names.Where(n => n.Length > 0).GroupBy(Key).Where(g => g.Count() > 1).Select(g => g.First()).ToList();
        if (repeated.Count > 0)
        {
            throw new ImportException($"The header repeats the column(s) {string.Join(", ", repeated)}: each column must appear once.");
        }

        if (!fields.Any(f => f is Field.ExternalId or Field.Email or Field.Phone))
        {
            throw new ImportException(
                $"The header has none of the columns externalId, email or phone (it has: {string.Join(", ", names)}). Rows are matched and created by them.");
        }

        return new ImportColumns(fields, names);
    }

    public ContactChanges Read(string[] record, FieldErrors errors)
    {
        if (record.Length > _fields.Length)
        {
            errors.Add("row", $"has {record.Length} cells but the header has {_fields.Length} columns");
        }

        var changes = new ContactChanges();
        var traits = new JsonObject();
        var address = new Dictionary<Field, string>();
        for (var i = 0; i < Math.Min(record.Length, _fields.Length); i++)
        {
            var cell = record[i].Trim();
            if (cell.Length == 0 || _names[i].Length == 0)
            {
                continue;
            }

            changes = _fields[i] switch
            {
                Field.ExternalId => changes with { ExternalId = Change<string?>.To(cell) },
                Field.Email => changes with { Email = Change<string?>.To(cell) },
                Field.Phone => changes with { Phone = Change<string?>.To(cell) },
                Field.Locale => changes with { Locale = Change<string?>.To(cell) },
                Field.TimeZone => changes with { TimeZone = Change<string?>.To(cell) },
                Field.Trait => Add(changes, traits, _names[i], cell),
                _ => AddressPart(changes, address, _fields[i], cell),
            };
        }

        return changes with
        {
            Traits = traits.Count > 0 ? traits : null,
            Address = address.Count > 0 ? Change<PostalAddress?>.To(ToAddress(address)) : Change<PostalAddress?>.Keep,
        };
    }

    private static ContactChanges Add(ContactChanges changes, JsonObject traits, string name, string cell)
    {
        traits[name] = cell;
        return changes;
    }

    private static ContactChanges AddressPart(ContactChanges changes, Dictionary<Field, string> address, Field field, string cell)
    {
        address[field] = cell;
        return changes;
    }

    private static PostalAddress ToAddress(Dictionary<Field, string> parts) => new(
        parts.GetValueOrDefault(Field.AddressName),
        new[] { parts.GetValueOrDefault(Field.Line1), parts.GetValueOrDefault(Field.Line2) }.OfType<string>().ToList(),
        parts.GetValueOrDefault(Field.Postcode),
        parts.GetValueOrDefault(Field.City),
        parts.GetValueOrDefault(Field.Region),
        parts.GetValueOrDefault(Field.Country));

    private static string Key(string header) =>
        new(header.Where(c => c is not (' ' or '_' or '-' or '.')).Select(char.ToLowerInvariant).ToArray());
}

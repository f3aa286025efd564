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

        string? externalId = null, email = null, phone = null, locale = null, timeZone = null;
        JsonObject? traits = null;
        string?[]? address = null; // by Field, filled only when the file has address columns
        for (var i = 0; i < Math.Min(record.Length, _fields.Length); i++)
        {
            var cell = record[i].Trim();
            if (cell.Length == 0 || _names[i].Length == 0)
            {
                continue;
            }

            switch (_fields[i])
            {
                case Field.ExternalId: externalId = cell; break;
                case Field.Email: email = cell; break;
                case Field.Phone: phone = cell; break;
                case Field.Locale: locale = cell; break;
                case Field.TimeZone: timeZone = cell; break;
                case Field.Trait: (traits ??= [])[_names[i]] = cell; break;
                default: (address ??= new string?[AddressFields])[(int)_fields[i]] = cell; break;
            }
        }

        return new ContactChanges
        {
            ExternalId = Given(externalId),
            Email = Given(email),
            Phone = Given(phone),
            Locale = Given(locale),
            TimeZone = Given(timeZone),
            Traits = traits,
            Address = address is null ? Change<PostalAddress?>.Keep : Change<PostalAddress?>.To(ToAddress(address)),
        };
    }

    /// <summary>An empty cell leaves the field as it is.</summary>
    private static Change<string?> Given(string? cell) => cell is null ? Change<string?>.Keep : Change<string?>.To(cell);

    private static readonly int AddressFields = Enum.GetValues<Field>().Length;

    private static PostalAddress ToAddress(string?[] parts) => new(
        parts[(int)Field.AddressName],
        new[] { parts[(int)Field.Line1], parts[(int)Field.Line2] }.OfType<string>().ToList(),
        parts[(int)Field.Postcode],
        parts[(int)Field.City],
        parts[(int)Field.Region],
        parts[(int)Field.Country]);

    private static string Key(string header) =>
        new(header.Where(c => c is not (' ' or '_' or '-' or '.')).Select(char.ToLowerInvariant).ToArray());
}

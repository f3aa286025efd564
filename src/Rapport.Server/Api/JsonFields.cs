using System.Text.Json;
using Rapport.Core;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>
/// Reads the fields of a JSON object body strictly: a wrong type, an unknown name or an over-long text
/// is an error naming the field; a missing field is null.
/// </summary>
public sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly FieldErrors _errors;

    public JsonFields(JsonElement body, FieldErrors errors, params string[] known)
    {
        _errors = errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "expected a JSON object");
            return;
        }

        foreach (var field in body.EnumerateObject())
        {
            if (known.Contains(field.Name))
            {
                _fields[field.Name] = field.Value;
            }
            else
            {
                errors.Add(field.Name, $"unknown field; known fields: {string.Join(", ", known)}");
            }
        }
    }

    public string? Text(string name, int maxLength = 1000)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(name, "must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength || text.Contains('\0', StringComparison.Ordinal))
        {
            _errors.Add(name, $"must be at most {maxLength} characters, without NUL");
            return null;
        }

        return text;
    }

    public T? Choice<T>(string name) where T : struct, Enum
    {
        var text = Text(name, 100);
        if (text is null)
        {
            return null;
        }

        if (WireName.TryParse<T>(text, out var value))
        {
            return value;
        }

        _errors.Add(name, $"'{text}' is not one of: {WireName.List<T>()}");
        return null;
    }

    public bool? Flag(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        _errors.Add(name, "must be true or false");
        return null;
    }

    public int? Number(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        _errors.Add(name, "must be a whole number");
        return null;
    }

    public IReadOnlyList<string>? Texts(string name, int maxItems = 100)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxItems
            || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            _errors.Add(name, $"must be an array of at most {maxItems} strings");
            return null;
        }

        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}

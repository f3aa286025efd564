using System.Text.Json;
using Rapport.Core;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>
/// Reads the fields of a JSON object body strictly: a wrong type, an unknown name or an over-long text
/// is an error naming the field; a missing field is null. The text itself was checked as the body was
/// read (<see cref="JsonBody"/>).
/// </summary>
public sealed class JsonFields : IDisposable
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly JsonDocument? _document;

    private JsonFields(JsonDocument document, string[] known)
        : this(document.RootElement, new FieldErrors(), known) => _document = document;

    public JsonFields(JsonElement body, FieldErrors errors, params string[] known)
    {
        Errors = errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            Errors.Add("body", "expected a JSON object");
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
                Errors.Add(field.Name, $"unknown field; known fields: {string.Join(", ", known)}");
            }
        }
    }

    /// <summary>What was wrong with the fields read so far.</summary>
    public FieldErrors Errors { get; }

    /// <summary>Reads a request's JSON object body (up to <paramref name="limit"/> bytes); a bad body is the problem answer.</summary>
    public static async Task<(JsonFields? Fields, IResult? Problem)> ReadAsync(HttpRequest request, int limit, params string[] known)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, limit, request.HttpContext.RequestAborted);
        return problem is null ? (new JsonFields(document!, known), null) : (null, problem);
    }

    public void Dispose() => _document?.Dispose();

    public string? Text(string name, int maxLength = 1000)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(name, "must be a string");
            return null;
        }

        var text = value.GetString()!; // text JsonBody accepted: UTF-8, no unpaired surrogate, no NUL
        if (text.Length > maxLength)
        {
            Errors.Add(name, $"must be at most {maxLength} characters");
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

        Errors.Add(name, $"'{text}' is not one of: {WireName.List<T>()}");
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

        Errors.Add(name, "must be true or false");
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

        Errors.Add(name, "must be a whole number");
        return null;
    }

    /// <summary>A field as it was sent (null when absent or null), for the caller to read: a definition, a list of ids.</summary>
    public JsonElement? Element(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public IReadOnlyList<string>? Texts(string name, int maxItems = 100)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxItems
            || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            Errors.Add(name, $"must be an array of at most {maxItems} strings");
            return null;
        }

        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}

namespace Rapport.Core.Validation;

/// <summary>Errors keyed by the path of the field they concern (camelCase, dots for nesting).</summary>
public sealed class FieldErrors
{
    private Dictionary<string, List<string>>? _errors; // made at the first error: most checks find none

    public bool IsEmpty => _errors is null;

    public void Add(string field, string message)
    {
        _errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() =>
        (_errors ?? []).ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>One line, for a rejected CSV row or a dead letter: "email: not an e-mail address; phone: …".</summary>
    public override string ToString() =>
        string.Join("; ", (_errors ?? []).Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}

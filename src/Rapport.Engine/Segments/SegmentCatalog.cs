using System.Text.Json;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Core.Validation;

namespace Rapport.Engine.Segments;

/// <summary>
/// A workspace's current segment definitions, read from their stored documents: what references
/// between segments resolve against, and what a new definition is checked with (unknown references,
/// cycles).
/// </summary>
public sealed class SegmentCatalog(ISegmentStore store)
{
    public async Task<IReadOnlyDictionary<string, SegmentDefinition>> CurrentAsync(int workspaceId, CancellationToken ct) =>
        (await ReadAllAsync(workspaceId, ct)).Definitions;

    /// <summary>Every current segment, read; one whose stored document does not read is named with the reason.</summary>
    public async Task<CurrentSegments> ReadAllAsync(int workspaceId, CancellationToken ct)
    {
        var stored = await store.CurrentAsync(workspaceId, ct);
        var definitions = new Dictionary<string, SegmentDefinition>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in stored)
        {
            var errors = new FieldErrors();
            if (Read(segment.Document, errors) is { } definition)
            {
                definitions[segment.Key] = definition;
            }
            else
            {
                unreadable[segment.Key] = $"the stored definition is not valid: {errors}";
            }
        }

        return new CurrentSegments(stored, definitions, unreadable);
    }

    private static SegmentDefinition? Read(string document, FieldErrors errors)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document);
        }
        catch (JsonException e)
        {
            errors.Add("definition", $"not JSON ({e.Message})");
            return null;
        }

        return SegmentJson.Read(json.RootElement, errors);
    }

    /// <summary>Reads a definition and checks what it refers to against the workspace's segments.</summary>
    public async Task<SegmentDefinition?> ReadAsync(int workspaceId, JsonElement document, FieldErrors errors, CancellationToken ct)
    {
        var definition = SegmentJson.Read(document, errors);
        if (definition is null)
        {
            return null;
        }

        var current = await CurrentAsync(workspaceId, ct);
        foreach (var missing in SegmentReferences.Of(definition.Condition).Where(k => k != definition.Key && !current.ContainsKey(k)).Distinct())
        {
            errors.Add("condition", $"refers to segment '{missing}', which does not exist");
        }

        if (SegmentReferences.Cycle(definition, current.GetValueOrDefault) is { } cycle)
        {
            errors.Add("condition", $"segments may not refer to themselves: {cycle}");
        }

        return errors.IsEmpty ? definition : null;
    }
}

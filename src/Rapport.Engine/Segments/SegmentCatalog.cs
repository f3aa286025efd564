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
    public async Task<IReadOnlyDictionary<string, SegmentDefinition>> CurrentAsync(int workspaceId, CancellationToken ct)
    {
        var definitions = new Dictionary<string, SegmentDefinition>(StringComparer.Ordinal);
        foreach (var stored in await store.CurrentAsync(workspaceId, ct))
        {
            if (SegmentJson.Read(JsonDocument.Parse(stored.Document).RootElement, new FieldErrors()) is { } definition)
            {
                definitions[stored.Key] = definition;
            }
        }

        return definitions;
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

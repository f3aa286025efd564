namespace Rapport.Core.Segments;

/// <summary>How segments refer to each other: the keys a condition names, and cycles, which are refused.</summary>
public static class SegmentReferences
{
    /// <summary>The keys of the segments a condition refers to.</summary>
    public static IEnumerable<string> Of(Condition condition) => condition switch
    {
        AllOf all => all.Conditions.SelectMany(Of),
        AnyOf any => any.Conditions.SelectMany(Of),
        Not not => Of(not.Condition),
        SegmentCondition s => [s.SegmentKey],
        _ => [],
    };

    /// <summary>A cycle through <paramref name="definition"/> ("a → b → a"), or null.</summary>
    public static string? Cycle(SegmentDefinition definition, Func<string, SegmentDefinition?> others)
    {
        string? Walk(string key, List<string> path)
        {
            if (path.Contains(key))
            {
                return string.Join(" → ", path.Append(key));
            }

            var next = key == definition.Key ? definition : others(key);
            return next is null ? null : Of(next.Condition).Select(r => Walk(r, [.. path, key])).FirstOrDefault(c => c is not null);
        }

        return Walk(definition.Key, []);
    }
}

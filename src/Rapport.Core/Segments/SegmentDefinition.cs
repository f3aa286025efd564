namespace Rapport.Core.Segments;

/// <summary>A segment: a key, a name and the condition its members meet. Each change is a new version.</summary>
public sealed record SegmentDefinition(string Key, string Name, Condition Condition);

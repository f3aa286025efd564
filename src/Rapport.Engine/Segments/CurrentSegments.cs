using Rapport.Core.Ports;
using Rapport.Core.Segments;

namespace Rapport.Engine.Segments;

/// <summary>
/// A workspace's current segments as stored, with the definitions that read and, for those that do not (a document
/// stored before validation refused it), why not.
/// </summary>
public sealed record CurrentSegments(
    IReadOnlyList<StoredSegment> Stored, IReadOnlyDictionary<string, SegmentDefinition> Definitions, IReadOnlyDictionary<string, string> Unreadable);

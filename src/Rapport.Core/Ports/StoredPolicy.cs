namespace Rapport.Core.Ports;

/// <summary>A stored version of a workspace's contact policy: the document (JSON text, every field written) and when it was saved.</summary>
public sealed record StoredPolicy(int Version, string Document, DateTimeOffset CreatedAt);


namespace Rapport.Core.Ports;

/// <summary>A stored version of a template: the document it was given as (JSON text), with its channel.</summary>
public sealed record StoredTemplate(string Key, int Version, string Name, string Channel, string Document, DateTimeOffset CreatedAt);

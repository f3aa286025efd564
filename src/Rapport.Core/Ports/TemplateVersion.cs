namespace Rapport.Core.Ports;

/// <summary>One version of a template, as its history lists it.</summary>
public sealed record TemplateVersion(int Version, string Name, DateTimeOffset CreatedAt);

namespace Rapport.Core.Ports;

/// <summary>One version of the contact policy, as its history lists it.</summary>
public sealed record PolicyVersion(int Version, DateTimeOffset CreatedAt);

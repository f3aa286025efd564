namespace Rapport.Core.Identity;

/// <summary>A contact found by one of a message's identifiers.</summary>
public sealed record KnownContact(long Id, string? ExternalId);

using Rapport.Core.Consent;

namespace Rapport.Core.Links;

/// <summary>What a signed link says: whose it is, what it is for, which topic (null: all), until when.</summary>
public sealed record LinkClaims(
    int WorkspaceId, long ContactId, LinkPurpose Purpose, string? Topic, Channel? Channel, DateTimeOffset ExpiresAt);

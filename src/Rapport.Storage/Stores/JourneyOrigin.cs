namespace Rapport.Storage.Stores;

/// <summary>The journey step a queued message comes from: journey, version, the send node, the contact's variant and the instance.</summary>
internal sealed record JourneyOrigin(string Key, int Version, string Node, string? Variant, long InstanceId);

using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Value;

namespace Rapport.Core.Segments;

/// <summary>
/// What the reference evaluator knows of one contact: the profile, their tracked events, their
/// subscriptions, their value (none before the first refresh) and their rung of the ladder of loyalty.
/// </summary>
public sealed record ContactFacts(
    Contact Contact, IReadOnlyList<EventFact> Events, IReadOnlyList<Subscription> Subscriptions,
    ContactValue? Value = null, LoyaltyStage Stage = LoyaltyStage.Suspect);

/// <summary>One tracked event: its name, when it happened, its properties.</summary>
public sealed record EventFact(string Name, DateTimeOffset Timestamp, JsonObject Properties);

using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;
using Rapport.Core.Value;

namespace Rapport.Core.Segments;

/// <summary>
/// What the reference evaluator knows of one contact: the profile, their tracked events, their
/// subscriptions, their value (none before the first refresh), their rung of the ladder of loyalty and the
/// messages sent to them.
/// </summary>
public sealed record ContactFacts(
    Contact Contact, IReadOnlyList<EventFact> Events, IReadOnlyList<Subscription> Subscriptions,
    ContactValue? Value = null, LoyaltyStage Stage = LoyaltyStage.Suspect, IReadOnlyList<MessageFact>? Messages = null);

/// <summary>One message sent (or meant) to the contact: where, about what, how far it got, when it went.</summary>
public sealed record MessageFact(Channel Channel, string? Topic, MessageStatus Status, DateTimeOffset? SentAt);

/// <summary>One tracked event: its name, when it happened, its properties.</summary>
public sealed record EventFact(string Name, DateTimeOffset Timestamp, JsonObject Properties);

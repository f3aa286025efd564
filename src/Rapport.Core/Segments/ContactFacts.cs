using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;

namespace Rapport.Core.Segments;

/// <summary>What the reference evaluator knows of one contact: the profile, their tracked events, their subscriptions.</summary>
public sealed record ContactFacts(Contact Contact, IReadOnlyList<EventFact> Events, IReadOnlyList<Subscription> Subscriptions);

/// <summary>One tracked event: its name, when it happened, its properties.</summary>
public sealed record EventFact(string Name, DateTimeOffset Timestamp, JsonObject Properties);

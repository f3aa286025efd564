using Rapport.Core.Consent;
using Rapport.Core.Policy;

namespace Rapport.Core.Ports;

/// <summary>
/// What the outbox read about one person for the gate, under their lock: their messages of the round, why each one's
/// address is suppressed (null: it is not; addresses differ by channel), and the facts the gate decides on, with the
/// messages let go to them lately (<see cref="GateFacts.Suppressed"/> is left null: it is per message). A message
/// without a contact is a person of its own, with no subscriptions and no history.
/// </summary>
public sealed record PersonAtGate(
    int WorkspaceId, long? ContactId, IReadOnlyList<GateQuestion> Messages, IReadOnlyList<SuppressionReason?> Suppressed, GateFacts Facts);

using Rapport.Core.Messages;
using Rapport.Core.Policy;
using Rapport.Core.Ports;
using Rapport.Engine.Policy;

namespace Rapport.Engine.Dispatch;

/// <summary>
/// Asks the <see cref="ContactGate"/> about a round of leased messages: the outbox reads each person's facts under their
/// lock and records every decision on its message; this decides, under the policy in force in each workspace. One
/// person's messages of a round are decided together, by priority (transactional, journeys, broadcasts); a message to a
/// suppressed address is suppressed with the reason.
/// </summary>
public sealed class DispatchGate(IOutbox outbox, ContactPolicies policies, TimeProvider clock)
{
    /// <summary>
    /// How far back a person's messages are read: the longest rule's reach, a quarterly frequency (three calendar
    /// months, at most 92 days), and a day for the person's time zone.
    /// </summary>
    public static readonly TimeSpan Reach = TimeSpan.FromDays(93);

    /// <summary>Decides and records <paramref name="round"/>; the decision on each message, by id (none for a message ended meanwhile, its contact deleted).</summary>
    public async Task<IReadOnlyDictionary<long, GateDecision>> DecideAsync(IReadOnlyList<GateQuestion> round, CancellationToken ct)
    {
        if (round.Count == 0)
        {
            return new Dictionary<long, GateDecision>();
        }

        var inForce = new Dictionary<int, PolicyInForce>();
        foreach (var workspace in round.Select(q => q.Message.WorkspaceId).Distinct())
        {
            inForce[workspace] = await policies.InForceAsync(workspace, ct);
        }

        var now = clock.GetUtcNow();
        return await outbox.DecideAsync(round, now - Reach, person => Decide(person, inForce[person.WorkspaceId], now), now, ct);
    }

    /// <summary>The decisions on one person's messages, in their order.</summary>
    public static IReadOnlyList<MessageDecision> Decide(PersonAtGate person, PolicyInForce policy, DateTimeOffset now)
    {
        var asks = person.Messages
            .Select(q => (Message: new GateMessage(q.Message.Channel, q.Message.Topic, MessagePurposes.KindOf(q.Message.Purpose)), q.Message.WhenBlocked))
            .ToList();
        var free = Enumerable.Range(0, asks.Count).Where(i => person.Suppressed[i] is null).ToList();
        var together = ContactGate.DecideAll([.. free.Select(i => asks[i])], person.Facts, policy.Policy, now);
        var decisions = new GateDecision[asks.Count];
        for (var i = 0; i < asks.Count; i++)
        {
            decisions[i] = person.Suppressed[i] is { } reason
                ? ContactGate.Decide(asks[i].Message, asks[i].WhenBlocked, person.Facts with { Suppressed = reason }, policy.Policy, now)
                : together[free.IndexOf(i)];
        }

        return [.. decisions.Select(d => new MessageDecision(d, policy.Stored?.Version, now))];
    }
}

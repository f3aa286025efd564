using System.Diagnostics;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;

namespace Rapport.Core.Policy;

/// <summary>
/// The gate every outgoing message passes (DESIGN.md §4.1): a pure decision from the message, the person's facts, the
/// workspace's <see cref="ContactPolicy"/> and now. In order: suppression; consent for the topic on the channel, unless
/// the message is transactional; then, for marketing only, the person's own frequency for the topic, the channel's caps,
/// the minimum interval and quiet hours. A transactional message is held by none of those: it goes unless the address is
/// suppressed (and fills the caps when the policy counts it). A message that may not go now is deferred to the earliest
/// moment every rule lets it go — or, when its sender chose to skip, suppressed.
/// </summary>
public static class ContactGate
{
    /// <summary>More rounds than any calendar needs: each round moves past at least one rule's hold.</summary>
    private const int MaxRounds = 1000;

    public static GateDecision Decide(GateMessage message, WhenBlocked whenBlocked, GateFacts facts, ContactPolicy policy, DateTimeOffset now)
    {
        if (facts.Suppressed is { } suppressed)
        {
            return new GateDecision.Suppress($"the address is suppressed: {GateWords.Of(suppressed)}");
        }

        if (!message.IsMarketing)
        {
            return new GateDecision.Send();
        }

        if (message.Topic is not { } topic)
        {
            return new GateDecision.Suppress("a marketing message needs a topic, to check the person's consent");
        }

        var subscription = facts.SubscriptionTo(topic, message.Channel);
        if (NoConsent(topic, message.Channel, subscription) is { } no)
        {
            return new GateDecision.Suppress(no);
        }

        var zone = JourneyClock.Zone(facts.TimeZone);
        List<PastMessage> sent = [.. facts.Sent, .. facts.Batch.Select(b => new PastMessage(b.Channel, b.Topic, b.Kind, now))];
        var rules = new GateRules(message, subscription!.Frequency, policy, zone, sent);
        return Earliest(rules, Instant.FromDateTimeOffset(now)) is not var (until, reasons)
            ? new GateDecision.Send()
            : whenBlocked switch
            {
                WhenBlocked.Wait => new GateDecision.Defer(until.ToDateTimeOffset(), reasons),
                WhenBlocked.Skip => new GateDecision.Suppress($"skipped, as its sender chose, rather than wait: {reasons}"),
                _ => throw new UnreachableException(),
            };
    }

    /// <summary>
    /// Decides the messages of one round to one person together, by priority when caps are tight: transactional first,
    /// then journeys, then broadcasts (in the given order within each), each counting the ones let go before it. The
    /// decisions come in the order of <paramref name="messages"/>.
    /// </summary>
    public static IReadOnlyList<GateDecision> DecideAll(
        IReadOnlyList<(GateMessage Message, WhenBlocked WhenBlocked)> messages, GateFacts facts, ContactPolicy policy, DateTimeOffset now)
    {
        var decisions = new GateDecision[messages.Count];
        var batch = facts.Batch.ToList();
        foreach (var i in Enumerable.Range(0, messages.Count).OrderBy(i => Priority(messages[i].Message.Kind)))
        {
            var (message, whenBlocked) = messages[i];
            decisions[i] = Decide(message, whenBlocked, facts with { Batch = batch }, policy, now);
            if (decisions[i] is GateDecision.Send)
            {
                batch = [.. batch, message];
            }
        }

        return decisions;
    }

    /// <summary>0 goes first.</summary>
    public static int Priority(MessageKind kind) => kind switch
    {
        MessageKind.Transactional => 0,
        MessageKind.Journey => 1,
        MessageKind.Broadcast => 2,
        _ => throw new UnreachableException(),
    };

    private static string? NoConsent(string topic, Channel channel, Subscription? subscription) => (subscription?.Status ?? SubscriptionStatus.None) switch
    {
        SubscriptionStatus.Subscribed => null,
        SubscriptionStatus.None => $"not subscribed to {topic} by {GateWords.Of(channel)}",
        SubscriptionStatus.Pending => $"the subscription to {topic} by {GateWords.Of(channel)} is not confirmed yet",
        SubscriptionStatus.Unsubscribed => $"unsubscribed from {topic} by {GateWords.Of(channel)}",
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Null when every rule lets the message go at <paramref name="now"/>; else the earliest moment they all do, found by
    /// moving to the latest of the rules' earliest moments and asking again, with the reasons of every rule met on the way.
    /// </summary>
    private static (Instant Until, string Reasons)? Earliest(GateRules rules, Instant now)
    {
        var reasons = new List<string>();
        var at = now;
        for (var round = 0; round < MaxRounds; round++)
        {
            var holds = rules.HoldsAt(at);
            if (holds.Count == 0)
            {
                return at == now ? null : (at, string.Join("; ", reasons));
            }

            reasons.AddRange(holds.Select(h => h.Reason).Where(r => !reasons.Contains(r)));
            var next = holds.Max(h => h.Until);
            at = next > at ? next : at + Duration.FromSeconds(1); // a calendar that goes back over midnight must not stop the search
        }

        throw new UnreachableException($"no moment after {now} lets the message go within {MaxRounds} rounds");
    }
}

using System.Diagnostics;

namespace Rapport.Core.Consent;

/// <summary>
/// The rules that turn ledger records into subscription states. The stored state of every
/// subscription is, by construction and by test, the fold of its ledger records in order.
/// </summary>
public static class ConsentLedger
{
    /// <summary>One record applied to one subscription it covers. A record that changes nothing returns it as it was.</summary>
    public static Subscription Apply(Subscription current, ConsentRecord record)
    {
        var next = record.Action switch
        {
            ConsentAction.Grant => current with
            {
                Status = record.AwaitsConfirmation && current.Status != SubscriptionStatus.Subscribed
                    ? SubscriptionStatus.Pending
                    : SubscriptionStatus.Subscribed,
                Frequency = record.Frequency ?? current.Frequency,
                Format = record.Format ?? current.Format,
            },
            ConsentAction.Confirm => current.Status == SubscriptionStatus.Pending
                ? current with { Status = SubscriptionStatus.Subscribed }
                : current,
            ConsentAction.Withdraw => current with { Status = SubscriptionStatus.Unsubscribed },
            ConsentAction.Prefer => current with
            {
                Frequency = record.Frequency ?? current.Frequency,
                Format = record.Format ?? current.Format,
            },
            _ => throw new UnreachableException(),
        };
        return next == current ? current : next with { UpdatedAt = record.At };
    }

    /// <summary>
    /// The subscriptions a record would change, with their new state; empty when it changes nothing,
    /// and then nothing is written (asking twice is harmless).
    /// </summary>
    public static IReadOnlyList<Subscription> Changes(IEnumerable<Subscription> covered, ConsentRecord record) =>
        covered.Select(s => (Before: s, After: Apply(s, record)))
            .Where(p => p.After != p.Before)
            .Select(p => p.After)
            .ToList();

    /// <summary>The state of each topic × channel after the whole history, in order.</summary>
    public static IReadOnlyList<Subscription> Fold(long contactId, IEnumerable<ConsentRecord> history, IReadOnlyCollection<string> topics)
    {
        var states = topics
            .SelectMany(t => WireName.All<Channel>().Select(c => Subscription.Empty(contactId, t, c)))
            .ToDictionary(s => (s.Topic, s.Channel));
        foreach (var record in history)
        {
            foreach (var key in states.Keys.Where(k => record.Covers(k.Topic, k.Channel)).ToList())
            {
                states[key] = Apply(states[key], record);
            }
        }

        return states.Values.Where(s => s.Status != SubscriptionStatus.None || s.UpdatedAt is not null).ToList();
    }

    /// <summary>The topic × channel pairs a record covers, out of the workspace's topics.</summary>
    public static IEnumerable<(string Topic, Channel Channel)> Covered(ConsentRecord record, IEnumerable<string> topics) =>
        topics.Where(t => record.Topic is null || record.Topic == t)
            .SelectMany(t => WireName.All<Channel>().Where(c => record.Channel is null || record.Channel == c).Select(c => (t, c)));
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Value;

namespace Rapport.Core.Segments;

/// <summary>
/// The reference meaning of a segment, one contact at a time: what the SQL of each dialect must agree
/// with (a differential test holds them to it). <paramref name="segments"/> finds the definitions other
/// segments refer to; <paramref name="now"/> anchors every time window.
/// </summary>
public sealed class SegmentEvaluator(Func<string, SegmentDefinition?> segments, DateTimeOffset now)
{
    public bool Matches(Condition condition, ContactFacts facts) => condition switch
    {
        AllOf all => all.Conditions.All(c => Matches(c, facts)),
        AnyOf any => any.Conditions.Any(c => Matches(c, facts)),
        Not not => !Matches(not.Condition, facts),
        TraitCondition trait => ValueTests.Matches(trait.Test, ValueTests.ProfileValue(facts.Contact, trait.Field), now),
        EventCondition e => Performed(e, facts),
        ConsentCondition consent => facts.Subscriptions.Any(s =>
            s.Topic == consent.Topic && s.Channel == consent.Channel && s.Status == SubscriptionStatus.Subscribed),
        BucketCondition bucket => Buckets.Of(facts.Contact.Id) is var b && b >= bucket.From && b <= bucket.To,
        ReceivedCondition r => Received(r, facts),
        MeasureCondition m => ValueTests.Matches(m.Test, JsonValue.Create(ValueMeasures.Of(facts.Value, m.Measure)), now),
        ValueGroupCondition g => facts.Value?.Group == g.Group,
        StageCondition s => s.OrHigher ? facts.Stage >= s.Stage : facts.Stage == s.Stage,
        SegmentCondition other => segments(other.SegmentKey) is { } definition && Matches(definition.Condition, facts),
        _ => throw new UnreachableException(),
    };

    private bool Performed(EventCondition e, ContactFacts facts)
    {
        var matching = facts.Events
            .Where(x => x.Name == e.EventName && e.Where.All(f => ValueTests.Matches(f.Test, ValueTests.At(x.Properties, f.Property), now)))
            .Select(x => x.Timestamp.ToUnixTimeMilliseconds())
            .ToList();
        var (from, to) = e.Window is { } w ? Millis(w.Resolve(now)) : (long.MinValue, long.MaxValue);
        bool In(long t) => t >= from && t < to;
        return e.Occurrence switch
        {
            Occurrence.Count count => Compare(matching.Count(In), count),
            Occurrence.First => matching.Count > 0 && In(matching.Min()),
            Occurrence.Last => matching.Count > 0 && In(matching.Max()),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>A message counts as received once sent (or delivered after that); bounced, failed and held-back ones do not.</summary>
    private bool Received(ReceivedCondition r, ContactFacts facts)
    {
        var (from, to) = r.Window is { } w ? Millis(w.Resolve(now)) : (long.MinValue, long.MaxValue);
        return (facts.Messages ?? []).Any(m => m.Status is MessageStatus.Sent or MessageStatus.Delivered
            && (r.Topic is null || m.Topic == r.Topic) && (r.Channel is null || m.Channel == r.Channel)
            && m.SentAt?.ToUnixTimeMilliseconds() is { } sent && sent >= from && sent < to);
    }

    private static bool Compare(int times, Occurrence.Count count) => count.Rule switch
    {
        CountRule.AtLeast => times >= count.Times,
        CountRule.AtMost => times <= count.Times,
        CountRule.Exactly => times == count.Times,
        _ => throw new UnreachableException(),
    };

    /// <summary>Time windows in Unix milliseconds, as events are stored.</summary>
    public static (long From, long To) Millis((DateTimeOffset From, DateTimeOffset To) window) =>
        (window.From.ToUnixTimeMilliseconds(), window.To.ToUnixTimeMilliseconds());
}

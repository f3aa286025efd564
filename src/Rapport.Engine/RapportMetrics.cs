using System.Diagnostics.Metrics;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Events;
using Rapport.Core.Messages;

namespace Rapport.Engine;

/// <summary>
/// Rapport's own measurements, on the meter <see cref="MeterName"/>: tracked messages taken in and refused, what the
/// dispatcher did with each outgoing message, and the background work waiting. Tags take a few values each (message
/// types, kinds of rejection, channels, outcomes, queues), never ids or text.
/// </summary>
public sealed class RapportMetrics
{
    public const string MeterName = "Rapport";

    /// <summary>The type tag of each message type, indexed by its value.</summary>
    private static readonly KeyValuePair<string, object?>[] Types =
        Enum.GetValues<MessageType>().Select(t => new KeyValuePair<string, object?>("type", t.Name())).ToArray();

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dispatched;
    private Func<IReadOnlyList<WaitingWork>>? _work;

    /// <param name="meter">The meter named <see cref="MeterName"/> (from the host's <see cref="IMeterFactory"/>).</param>
    public RapportMetrics(Meter meter)
    {
        _ingested = meter.CreateCounter<long>("rapport.events.ingested", "{event}",
            "Valid tracked messages taken in, by message type (a resent messageId counts again, and as a duplicate)");
        _duplicates = meter.CreateCounter<long>("rapport.events.duplicates", "{event}",
            "Valid tracked messages whose messageId was already stored: nothing new was stored for them");
        _rejected = meter.CreateCounter<long>("rapport.events.rejected", "{message}",
            "Tracked messages refused and kept as dead letters, by kind of reason");
        _dispatched = meter.CreateCounter<long>("rapport.messages.dispatched", "{message}",
            "Outgoing messages the dispatcher handled, by channel and outcome: sent, deferred (tried again later), failed, suppressed");
        meter.CreateObservableGauge("rapport.work.waiting", () => Work(w => new Measurement<long>(w.Waiting, Queue(w))),
            "{item}", "Background work items waiting to be done, by queue");
        meter.CreateObservableGauge("rapport.work.oldest_age", () => Work(w => new Measurement<double>(w.OldestAgeSeconds, Queue(w))),
            "s", "How long the oldest waiting work item of each queue has waited");
    }

    /// <summary>Valid tracked messages of a request: <paramref name="duplicates"/> of them were stored before.</summary>
    public void Ingested(IReadOnlyList<TrackingMessage> accepted, int duplicates)
    {
        Span<int> byType = stackalloc int[Types.Length];
        foreach (var message in accepted)
        {
            byType[(int)message.Type]++;
        }

        for (var type = 0; type < Types.Length; type++)
        {
            if (byType[type] > 0)
            {
                _ingested.Add(byType[type], Types[type]);
            }
        }

        _duplicates.Add(duplicates);
    }

    public void Rejected(RejectionKind kind) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", WireName.Of(kind)));

    /// <param name="outcome">Sent, Deferred, Failed or Suppressed.</param>
    public void Dispatched(Channel channel, MessageStatus outcome) =>
        _dispatched.Add(1, new KeyValuePair<string, object?>("channel", WireName.Of(channel)), new KeyValuePair<string, object?>("outcome", WireName.Of(outcome)));

    /// <summary>
    /// Where the work gauges read from: called once for each of the two gauges at every collection (a scrape of /metrics),
    /// so it should answer from memory. Until it is set the gauges report nothing.
    /// </summary>
    public void ObserveWork(Func<IReadOnlyList<WaitingWork>> observe) => Volatile.Write(ref _work, observe);

    private IEnumerable<Measurement<T>> Work<T>(Func<WaitingWork, Measurement<T>> measure) where T : struct =>
        Volatile.Read(ref _work) is { } observe ? observe().Select(measure) : [];

    private static KeyValuePair<string, object?> Queue(WaitingWork work) => new("queue", work.Queue);
}

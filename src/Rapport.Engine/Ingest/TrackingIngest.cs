using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Events;
using Rapport.Core.Ports;

namespace Rapport.Engine.Ingest;

/// <summary>
/// The path of every tracked message: read and check each one, store the valid ones in one
/// transaction (with the work they cause for the upkeep), keep the rejected ones as dead letters with their
/// reasons. A rejected message never stops the rest of its batch. Each message is counted in <see cref="RapportMetrics"/>.
/// </summary>
public sealed class TrackingIngest(
    IEventStore events, IDeadLetterStore deadLetters, IConsentStore consent, TimeProvider clock, RapportMetrics metrics, ILogger<TrackingIngest> log)
{
    /// <param name="body">A single message, or a batch: {"batch": [...], "sentAt": ...}.</param>
    /// <param name="impliedType">The type a single-message endpoint implies; null for a batch.</param>
    /// <param name="source">Who sent it (the API key's name) and through which endpoint.</param>
    public async Task<IngestOutcome> AcceptAsync(
        int workspaceId, JsonElement body, MessageType? impliedType, string source, CancellationToken ct)
    {
        var receivedAt = clock.GetUtcNow();
        var items = Items(body, impliedType, out var sentAt);
        var accepted = new List<TrackingMessage>(items.Count);
        var rejected = new List<RejectedMessage>();
        var letters = new List<DeadLetter>();
        var kinds = new List<RejectionKind>();
        HashSet<string>? topics = null;
        for (var index = 0; index < items.Count; index++)
        {
            var reading = TrackingMessageReader.Read(items[index], impliedType, receivedAt, sentAt, NewMessageId);
            var rejection = reading.Rejection;
            if (reading.Message is { } message && ConsentEvents.Changes(message))
            {
                topics ??= (await consent.TopicsAsync(workspaceId, ct)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
                rejection = ConsentEvents.Read(message, topics.Contains).Problem;
            }

            if (rejection is null)
            {
                accepted.Add(reading.Message!);
                continue;
            }

            rejected.Add(new RejectedMessage(index, rejection, reading.Field));
            kinds.Add(reading.Kind ?? RejectionKind.Consent); // read well, refused all the same: a consent event asking for what is not there
            // As sent, but for bytes that are not UTF-8 (no text can hold them), which become U+FFFD.
            letters.Add(new DeadLetter(0, source, rejection, Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(items[index])), receivedAt));
        }

        await deadLetters.AddAsync(workspaceId, letters, ct);
        var summary = accepted.Count == 0
            ? new IngestSummary(0, 0)
            : await events.IngestAsync(workspaceId, accepted, source, receivedAt, ct);
        Measure(accepted, summary.Duplicates, kinds, source);
        return new IngestOutcome(summary.Stored, summary.Duplicates, rejected);
    }

    /// <summary>Counts the request's messages; a request with refused messages is one line in the log at Debug.</summary>
    private void Measure(List<TrackingMessage> accepted, int duplicates, List<RejectionKind> kinds, string source)
    {
        metrics.Ingested(accepted, duplicates);
        foreach (var kind in kinds)
        {
            metrics.Rejected(kind);
        }

        if (kinds.Count > 0 && log.IsEnabled(LogLevel.Debug))
        {
            log.LogDebug("Refused {Rejected} of {Messages} tracked messages from {Source} ({Kinds}); each is kept as a dead letter with its reason",
                kinds.Count, kinds.Count + accepted.Count, source, string.Join(", ", kinds.CountBy(k => k).Select(k => $"{WireName.Of(k.Key)}: {k.Value}")));
        }
    }

    /// <summary>The messages of a body; a batch that is not an array is one rejected item.</summary>
    private static List<JsonElement> Items(JsonElement body, MessageType? impliedType, out DateTimeOffset? sentAt)
    {
        sentAt = null;
        if (impliedType is not null || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
        {
            return [body];
        }

        if (body.TryGetProperty("sentAt", out var sent) && sent.ValueKind == JsonValueKind.String
            && sent.TryGetDateTimeOffset(out var at))
        {
            sentAt = at.ToUniversalTime();
        }

        return batch.EnumerateArray().ToList();
    }

    private static string NewMessageId() => "rapport-" + Guid.NewGuid().ToString("N");
}

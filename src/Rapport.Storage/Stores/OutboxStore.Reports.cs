using Dapper;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Events;
using Rapport.Core.Messages;

namespace Rapport.Storage.Stores;

/// <summary>What recipients' servers report of sent e-mail: delivered or bounced, told on the contact's timeline.</summary>
public sealed partial class OutboxStore
{
    /// <summary>
    /// Marks the sent message Delivered or Bounced and writes Email Delivered or Email Bounced for the contact, in one
    /// transaction; the events are followed (a journey waiting for the answer wakes). A bounce for a bad address (status
    /// 5.1.x: no such mailbox or domain) also suppresses the address, as the gate's hard bounce.
    /// </summary>
    public Task<bool> RecordReportAsync(long id, RecipientReport report, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var delivered = report.Action switch
        {
            DeliveryAction.Delivered => true,
            DeliveryAction.Failed => false,
            _ => throw new ArgumentException($"A report of '{report.Action}' settles nothing to record.", nameof(report)),
        };
        return db.WriteAsync(async (c, tx) =>
        {
            var reason = delivered ? null : $"{report.Status} {report.Diagnostic}".TrimEnd();
            var status = WireName.Of(delivered ? MessageStatus.Delivered : MessageStatus.Bounced);
            var row = await c.QueryFirstOrDefaultAsync<ReportedRow>(db.Queries[Q.MessageReport], new { Id = id, Status = status, Reason = reason }, tx);
            if (row is null)
            {
                return false;
            }

            if (!delivered && report.Status.StartsWith("5.1.", StringComparison.Ordinal) && row.Recipient is { Length: > 0 } address)
            {
                await SuppressionStore.AddAsync(db, c, tx, row.WorkspaceId, SuppressionKind.Email, address, SuppressionReason.HardBounce, now);
            }

            if (row.ContactId is { } contact)
            {
                RapportEvent told = delivered
                    ? new EmailDelivered(row.Id, row.JourneyKey, row.JourneyNode, row.Topic)
                    : new EmailBounced(row.Id, row.JourneyKey, row.JourneyNode, row.Topic, report.Status, report.Diagnostic);
                await InternalEvents.WriteAsync(db, c, tx, row.WorkspaceId, from: null, [(contact, told)], now);
            }

            return true;
        }, WriteEffect.KeepsIdentities, ct);
    }

    private sealed class ReportedRow
    {
        public long Id { get; init; }
        public int WorkspaceId { get; init; }
        public long? ContactId { get; init; }
        public string? Topic { get; init; }
        public string? JourneyKey { get; init; }
        public string? JourneyNode { get; init; }
        public string? Recipient { get; init; }
    }
}

using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Messages;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed partial class OutboxStore(Database db) : IOutbox
{
    /// <summary>A due message on a channel this version does not know (a row from elsewhere) is failed, not leased again and again.</summary>
    public Task<IReadOnlyList<OutboxMessage>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var rows = (await c.QueryAsync<MessageRow>(db.Queries[Q.MessagesLease],
                new { Now = UnixMs.Of(now), Until = UnixMs.Of(now + lease), Max = max }, tx)).ToLookup(r => WireName.TryParse<Channel>(r.Channel, out _));
            foreach (var unknown in rows[false])
            {
                await c.ExecuteAsync(db.Queries[Q.MessageMark], Mark(unknown.Id, MessageStatus.Failed, $"'{unknown.Channel}' is not a channel", null, now, now), tx);
            }

            return (IReadOnlyList<OutboxMessage>)rows[true].Select(r => r.ToMessage()).ToList();
        }, WriteEffect.KeepsIdentities, ct);

    public Task MarkAsync(long id, DeliveryResult result, DateTimeOffset now, CancellationToken ct) => result switch
    {
        DeliveryResult.Sent sent => MarkAsync(id, MessageStatus.Sent, null, sent.Receipt, now, now, ct),
        DeliveryResult.Retry retry => MarkAsync(id, MessageStatus.Deferred, retry.Reason, null, now + retry.After, now, ct),
        DeliveryResult.Failed failed => MarkAsync(id, MessageStatus.Failed, failed.Reason, null, now, now, ct),
        _ => throw new UnreachableException(),
    };

    public Task MarkSuppressedAsync(long id, string reason, DateTimeOffset now, CancellationToken ct) =>
        MarkAsync(id, MessageStatus.Suppressed, reason, null, now, now, ct);

    /// <summary>
    /// On SQLite, which writes one transaction at a time, outcomes waiting together (the dispatcher records the sends of a
    /// round as they come back, several at once) are written in one transaction of up to this many.
    /// </summary>
    private const int MarkGroupLimit = 100;

    private readonly GroupCommit<object, int> _marks =
        new(db, (c, tx, mark) => c.ExecuteAsync(db.Queries[Q.MessageMark], mark, tx), _ => 1, MarkGroupLimit, WriteEffect.KeepsIdentities);

    private Task MarkAsync(long id, MessageStatus status, string? reason, string? receipt, DateTimeOffset due, DateTimeOffset now, CancellationToken ct)
    {
        var mark = Mark(id, status, reason, receipt, due, now);
        return db.Dialect == Dialect.Sqlite
            ? _marks.RunAsync(mark, ct)
            : db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.MessageMark], mark, tx), WriteEffect.KeepsIdentities, ct);
    }

    private static object Mark(long id, MessageStatus status, string? reason, string? receipt, DateTimeOffset due, DateTimeOffset now) => new
    {
        Id = id,
        Status = WireName.Of(status),
        Reason = reason,
        Receipt = receipt,
        SentAt = status == MessageStatus.Sent ? UnixMs.Of(now) : (long?)null,
        DueAt = UnixMs.Of(due),
    };

    public async Task<IReadOnlyList<OutboxMessage>> ForContactAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<MessageRow>(db.Queries[Q.MessagesByContact],
            new { WorkspaceId = workspaceId, ContactId = contactId }), ct)).Select(r => r.ToMessage()).ToList();

    /// <summary>
    /// Queues a message inside the caller's transaction; the dispatcher sends it (a null <paramref name="recipient"/>: it
    /// fails it, the contact having no address on the channel). <paramref name="journey"/>: the journey step that requested it;
    /// <paramref name="whenBlocked"/>: what the gate does when the contact policy holds it back.
    /// </summary>
    internal static Task<long> QueueAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, long? contactId, Channel channel,
        string? topic, string purpose, string? recipient, string content, DateTimeOffset now, JourneyOrigin? journey = null, WhenBlocked whenBlocked = WhenBlocked.Wait) =>
        c.ExecuteScalarAsync<long>(db.Queries[Q.MessageInsert], new
        {
            WorkspaceId = workspaceId,
            ContactId = contactId,
            Channel = WireName.Of(channel),
            Topic = topic,
            Purpose = purpose,
            Recipient = recipient,
            Content = content,
            Now = UnixMs.Of(now),
            JourneyKey = journey?.Key,
            JourneyVersion = journey?.Version,
            JourneyNode = journey?.Node,
            JourneyVariant = journey?.Variant,
            JourneyInstanceId = journey?.InstanceId,
            WhenBlocked = WireName.Of(whenBlocked),
        }, tx);

    private sealed class MessageRow
    {
        public long Id { get; init; }
        public int WorkspaceId { get; init; }
        public long? ContactId { get; init; }
        public string Channel { get; init; } = "";
        public string? Topic { get; init; }
        public string Purpose { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Reason { get; init; }
        public string? Recipient { get; init; }
        public string Content { get; init; } = "";
        public int Attempts { get; init; }
        public long CreatedAt { get; init; }
        public long? SentAt { get; init; }
        public string WhenBlocked { get; init; } = "";

        public OutboxMessage ToMessage() => new(
            Id, WorkspaceId, ContactId, ConsentRecordRow.Parse<Channel>(Channel), Topic, Purpose,
            ConsentRecordRow.Parse<MessageStatus>(Status), Reason, Recipient, Content, Attempts,
            UnixMs.ToTime(CreatedAt), SentAt is { } s ? UnixMs.ToTime(s) : null, ConsentRecordRow.Parse<WhenBlocked>(WhenBlocked));
    }
}

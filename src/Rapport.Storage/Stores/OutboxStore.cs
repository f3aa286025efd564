using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Events;
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
                await c.ExecuteAsync(db.Queries[Q.MessageMark], Mark(new(unknown.Id, MessageStatus.Failed, $"'{unknown.Channel}' is not a channel", null, now, now, Told: false, null)), tx);
            }

            return (IReadOnlyList<OutboxMessage>)rows[true].Select(r => r.ToMessage()).ToList();
        }, WriteEffect.KeepsIdentities, ct);

    public Task MarkAsync(long id, DeliveryResult result, RenderedEmail? rendered, DateTimeOffset now, CancellationToken ct) => result switch
    {
        DeliveryResult.Sent sent => MarkAsync(new(id, MessageStatus.Sent, null, sent.Receipt, now, now, Told: true, RenderedContent.Encode(rendered)), ct),
        DeliveryResult.Retry retry => MarkAsync(new(id, MessageStatus.Deferred, retry.Reason, null, now + retry.After, now, !retry.HeldBack, RenderedContent.Encode(rendered)), ct),
        DeliveryResult.Failed failed => MarkAsync(new(id, MessageStatus.Failed, failed.Reason, null, now, now, Told: true, RenderedContent.Encode(rendered)), ct),
        _ => throw new UnreachableException(),
    };

    public Task MarkSuppressedAsync(long id, string reason, DateTimeOffset now, CancellationToken ct) =>
        MarkAsync(new(id, MessageStatus.Suppressed, reason, null, now, now, Told: true, null), ct);

    /// <summary>
    /// On SQLite, which writes one transaction at a time, outcomes waiting together (the dispatcher records the sends of a
    /// round as they come back, several at once) are written in one transaction of up to this many.
    /// </summary>
    private const int MarkGroupLimit = 100;

    private readonly GroupCommit<Outcome, bool> _marks = new(db, (c, tx, outcome) => MarkInAsync(db, c, tx, outcome), _ => 1, MarkGroupLimit, WriteEffect.ChannelAnswer);

    /// <summary>
    /// An outcome to record on a message; <paramref name="Told"/>: the contact's timeline tells of it (a sent or deferred
    /// e-mail); <paramref name="Rendered"/>: the e-mail as composed (<see cref="RenderedContent"/>), null to keep what is kept.
    /// </summary>
    private sealed record Outcome(long Id, MessageStatus Status, string? Reason, string? Receipt, DateTimeOffset Due, DateTimeOffset Now, bool Told, byte[]? Rendered);

    private Task<bool> MarkAsync(Outcome outcome, CancellationToken ct) => db.Dialect == Dialect.Sqlite
        ? _marks.RunAsync(outcome, ct)
        : db.WriteAsync((c, tx) => MarkInAsync(db, c, tx, outcome), WriteEffect.ChannelAnswer, ct);

    /// <summary>Records the outcome and, in the same transaction, what the contact's timeline tells of a sent or deferred e-mail.</summary>
    private static async Task<bool> MarkInAsync(Database db, DbConnection c, DbTransaction tx, Outcome o)
    {
        var marked = await c.QueryFirstOrDefaultAsync<MarkedRow>(db.Queries[Q.MessageMark], Mark(o), tx);
        var told = (marked, o.Status) switch
        {
            (null, _) => null,
            _ when !o.Told => null,
            (_, MessageStatus.Sent) => marked.Sent(),
            (_, MessageStatus.Deferred) => marked.Deferred(o.Due, o.Reason ?? ""),
            _ => (RapportEvent?)null,
        };
        await TellAsync(db, c, tx, marked, told, o.Now);
        return marked is not null;
    }

    /// <summary>
    /// Ends a message let go whose outcome was never recorded, unsent (the crash rule: marketing goes at most once). False
    /// when it is no longer sending.
    /// </summary>
    public Task<bool> AbandonAsync(long id, string reason, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(db.Queries[Q.MessageAbandon], new { Id = id, Reason = reason }, tx) > 0, WriteEffect.KeepsIdentities, ct);

    /// <summary>
    /// Queues one message in its own transaction (the transactional API), with the contact's address on the channel. Due
    /// now: the dispatcher takes it through the gate.
    /// </summary>
    public Task<long> QueueAsync(int workspaceId, NewMessage message, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => QueueAsync(db, c, tx, workspaceId, message.ContactId, message.Channel, message.Topic, message.Purpose,
            message.Recipient, message.Content, now), WriteEffect.KeepsIdentities, ct);

    private static object Mark(Outcome o) => new
    {
        o.Id,
        Status = WireName.Of(o.Status),
        o.Reason,
        o.Receipt,
        SentAt = o.Status == MessageStatus.Sent ? UnixMs.Of(o.Now) : (long?)null,
        DueAt = UnixMs.Of(o.Due),
        o.Rendered,
    };

    public async Task<IReadOnlyList<OutboxMessage>> ForContactAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<MessageRow>(db.Queries[Q.MessagesByContact],
            new { WorkspaceId = workspaceId, ContactId = contactId }), ct)).Select(r => r.ToMessage()).ToList();

    /// <summary>
    /// Queues a message inside the caller's transaction (a signup's confirmation, the messages API; a journey's are
    /// queued with its steps); the dispatcher sends it (a null <paramref name="recipient"/>: it fails it, the contact
    /// having no address on the channel). When the contact policy holds it back, it waits.
    /// </summary>
    internal static Task<long> QueueAsync(Database db, DbConnection c, DbTransaction tx, int workspaceId, long? contactId, Channel channel,
        string? topic, string purpose, string? recipient, string content, DateTimeOffset now) =>
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
        }, tx);

    /// <summary>
    /// Writes what the contact's timeline tells of a marked or held message, in its transaction: nothing for a message on
    /// another channel than e-mail, to no contact, or of an outcome not told.
    /// </summary>
    private static Task TellAsync(Database db, DbConnection c, DbTransaction tx, MarkedRow? message, RapportEvent? told, DateTimeOffset now) =>
        (message, told) is ({ Channel: "email", ContactId: { } contact }, { } e)
            ? InternalEvents.WriteForTimelineAsync(db, c, tx, message.WorkspaceId, [(contact, e)], now)
            : Task.CompletedTask;

    /// <summary>What a marked or held message returns for its timeline event.</summary>
    private sealed class MarkedRow
    {
        public long Id { get; init; }
        public int WorkspaceId { get; init; }
        public long? ContactId { get; init; }
        public string Channel { get; init; } = "";
        public string? Topic { get; init; }
        public string? JourneyKey { get; init; }
        public string? JourneyNode { get; init; }

        public EmailSent Sent() => new(Id, JourneyKey, JourneyNode, Topic);

        public EmailDeferred Deferred(DateTimeOffset until, string reason) => new(Id, JourneyKey, JourneyNode, until, reason);
    }

    private class MessageRow
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

using Dapper;
using Rapport.Core;
using Rapport.Core.Messages;

namespace Rapport.Storage.Stores;

/// <summary>The outbox as support reads it: a workspace's messages, newest first, and one message with its journey step.</summary>
public sealed partial class OutboxStore
{
    public async Task<IReadOnlyList<MessageRecord>> ListAsync(int workspaceId, MessageFilter filter, long before, int limit, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<RecordRow>(db.Queries[Q.MessagesList], new
        {
            WorkspaceId = workspaceId,
            Before = before <= 0 ? long.MaxValue : before,
            filter.ContactId,
            filter.Journey,
            Status = filter.Status is { } status ? WireName.Of(status) : null,
            Limit = limit,
        }), ct)).Select(r => r.ToRecord()).ToList();

    public async Task<MessageRecord?> GetAsync(int workspaceId, long id, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryFirstOrDefaultAsync<RecordRow>(db.Queries[Q.MessageGet], new { WorkspaceId = workspaceId, Id = id }), ct))?.ToRecord();

    private sealed class RecordRow : MessageRow
    {
        public string? JourneyKey { get; init; }
        public string? JourneyNode { get; init; }
        public long DueAt { get; init; }

        public byte[]? Rendered { get; init; }

        public MessageRecord ToRecord() => new(ToMessage(), JourneyKey, JourneyNode, UnixMs.ToTime(DueAt), RenderedContent.Decode(Rendered));
    }
}

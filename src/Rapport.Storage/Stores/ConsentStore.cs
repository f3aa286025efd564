using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Ports;

namespace Rapport.Storage.Stores;

public sealed class ConsentStore(Database db) : IConsentStore
{
    public async Task<IReadOnlyList<Topic>> TopicsAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<TopicRow>(db.Queries[Q.TopicsList], new { WorkspaceId = workspaceId }), ct))
        .Select(r => new Topic(r.Key, r.Name, r.Description)).ToList();

    public Task SaveTopicAsync(int workspaceId, Topic topic, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(db.Queries[Q.TopicUpsert],
            new { WorkspaceId = workspaceId, topic.Key, topic.Name, topic.Description, Now = UnixMs.Of(now) }, tx), ct);

    public Task<ConsentText> AddConsentTextAsync(int workspaceId, string key, string locale, string text, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var version = await c.ExecuteScalarAsync<int>(db.Queries[Q.ConsentTextInsert],
                new { WorkspaceId = workspaceId, Key = key, Locale = locale, Text = text, Now = UnixMs.Of(now) }, tx);
            return new ConsentText(key, version, locale, text, now);
        }, ct);

    public async Task<IReadOnlyList<ConsentText>> ConsentTextsAsync(int workspaceId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<ConsentTextRow>(db.Queries[Q.ConsentTextsList], new { WorkspaceId = workspaceId }), ct))
        .Select(r => new ConsentText(r.Key, r.Version, r.Locale, r.Text, UnixMs.ToTime(r.CreatedAt))).ToList();

    public Task<ConsentOutcome> RecordAsync(int workspaceId, ConsentRecord record, CancellationToken ct) =>
        db.WriteAsync((c, tx) => ConsentWriter.RecordAsync(db, c, tx, workspaceId, record), ct);

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<SubscriptionRow>(db.Queries[Q.SubscriptionsByContact],
            new { WorkspaceId = workspaceId, ContactId = contactId }), ct)).Select(r => r.ToSubscription()).ToList();

    public async Task<IReadOnlyList<ConsentRecord>> HistoryAsync(int workspaceId, long contactId, CancellationToken ct) =>
        (await db.ReadAsync(c => c.QueryAsync<ConsentRecordRow>(db.Queries[Q.ConsentRecordsByContact],
            new { WorkspaceId = workspaceId, ContactId = contactId }), ct)).Select(r => r.ToRecord()).ToList();

    private sealed class TopicRow
    {
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Description { get; init; } = "";
    }

    private sealed class ConsentTextRow
    {
        public string Key { get; init; } = "";
        public int Version { get; init; }
        public string Locale { get; init; } = "";
        public string Text { get; init; } = "";
        public long CreatedAt { get; init; }
    }
}

using Rapport.Core.Consent;
using Rapport.Core.Ports;
using Rapport.Core.Segments;

namespace Rapport.Engine.Segments;

/// <summary>The consent store, telling the segment maintainer about every consent change it records.</summary>
public sealed class NotifyingConsentStore(IConsentStore inner, SegmentMaintainer maintainer) : IConsentStore
{
    public async Task<ConsentOutcome> RecordAsync(int workspaceId, ConsentRecord record, CancellationToken ct)
    {
        var outcome = await inner.RecordAsync(workspaceId, record, ct);
        if (outcome.Recorded)
        {
            maintainer.Notify(new ContactChange(workspaceId, [record.ContactId], Profile: false, Consent: true, Events: []));
        }

        return outcome;
    }

    public Task<IReadOnlyList<Topic>> TopicsAsync(int workspaceId, CancellationToken ct) => inner.TopicsAsync(workspaceId, ct);

    public Task SaveTopicAsync(int workspaceId, Topic topic, DateTimeOffset now, CancellationToken ct) => inner.SaveTopicAsync(workspaceId, topic, now, ct);

    public Task<ConsentText> AddConsentTextAsync(int workspaceId, string key, string locale, string text, DateTimeOffset now, CancellationToken ct) =>
        inner.AddConsentTextAsync(workspaceId, key, locale, text, now, ct);

    public Task<IReadOnlyList<ConsentText>> ConsentTextsAsync(int workspaceId, CancellationToken ct) => inner.ConsentTextsAsync(workspaceId, ct);

    public Task<IReadOnlyList<Subscription>> SubscriptionsAsync(int workspaceId, long contactId, CancellationToken ct) =>
        inner.SubscriptionsAsync(workspaceId, contactId, ct);

    public Task<IReadOnlyList<ConsentRecord>> HistoryAsync(int workspaceId, long contactId, CancellationToken ct) => inner.HistoryAsync(workspaceId, contactId, ct);
}

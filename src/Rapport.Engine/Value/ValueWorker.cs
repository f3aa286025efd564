using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Work;

namespace Rapport.Engine.Value;

/// <summary>
/// Keeps each buyer's value current (queue <see cref="WorkQueues.CustomerValue"/>): after a purchase, a refund or a
/// merge only those contacts are rated anew, against the stored model; once a day (scheduled) and when asked
/// (<see cref="RevalueRequested"/>: an operator, new value settings, a new ladder) everyone is rated against everyone.
/// The values it writes are work for the ladder and the segments, recorded with them.
/// </summary>
public sealed class ValueWorker(CustomerValues values, IWorkspaceStore workspaces, IWorkStore work, WorkAnswers answers, WorkTimes times, TimeProvider clock, ILogger<ValueWorker> log)
    : QueueWorker(work, workspaces, answers, times, clock, log)
{
    public override string Queue => WorkQueues.CustomerValue;

    protected override (WorkItem Item, TimeSpan Every)? Schedule => (new FullRefreshDue(), Times.FullRating);

    /// <summary>On a new database, everyone is first rated at the first full refresh, so the model buyers are rated against is soon there.</summary>
    protected override TimeSpan FirstScheduledIn => Times.FullRefresh;

    protected override Task DoScheduledAsync(int workspaceId, CancellationToken ct) => values.RefreshAllAsync(workspaceId, ct);

    protected override async Task<IReadOnlyDictionary<long, string>?> DoAsync(int id, IReadOnlyList<StoredWork> items, CancellationToken ct)
    {
        var asked = items.Where(i => i.Item is RevalueRequested).ToList();
        if (asked.Count > 0)
        {
            var answer = new Revalued(await values.RefreshAllAsync(id, ct), (await values.RefreshStagesAsync(id, null, ct)).Count);
            var text = JsonSerializer.Serialize(answer, JsonSerializerOptions.Web);
            return asked.ToDictionary(i => i.Id, _ => text); // everyone was rated: that covers the other items too
        }

        var buyers = items.Select(i => i.Item).OfType<ContactsChanged>().Where(WorkQueues.RatesBuyers).SelectMany(c => c.Contacts).ToHashSet();
        if (buyers.Count > 0)
        {
            await values.RefreshContactsAsync(id, buyers, ct);
        }

        return null;
    }
}

/// <summary>The answer to a <see cref="RevalueRequested"/>: how many contacts have a value, and how many moved on the ladder.</summary>
public sealed record Revalued(int Valued, int Moves);

using System.Security.Cryptography;
using Dapper;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Work;

namespace Rapport.Storage.Stores;

public sealed class WorkStore : IWorkStore
{
    /// <summary>How long an answer waits to be read.</summary>
    private static readonly TimeSpan AnswersKept = TimeSpan.FromDays(1);

    private readonly Database _db;

    public WorkStore(Database db)
    {
        _db = db;
    }

    public event Action<string>? Recorded
    {
        add => _db.WorkRecorded += value;
        remove => _db.WorkRecorded -= value;
    }

    public Task<long> RecordAsync(int workspaceId, WorkItem item, DateTimeOffset now, CancellationToken ct) =>
        _db.WriteAsync((c, tx) => WorkItems.RecordAsync(_db, c, tx, workspaceId, item, now), WriteEffect.KeepsIdentities, ct);

    public Task ScheduleAsync(string queue, WorkItem item, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct) =>
        _db.WriteAsync(async (c, tx) =>
        {
            await WorkItems.ScheduleAsync(_db, c, tx, queue, item, dueAt, now);
            return 0;
        }, WriteEffect.KeepsIdentities, ct);

    public Task<(long Lease, IReadOnlyList<StoredWork> Items)> ClaimAsync(string queue, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct) =>
        _db.WriteAsync(async (c, tx) =>
        {
            var token = RandomNumberGenerator.GetInt32(1, int.MaxValue) * (long)int.MaxValue + RandomNumberGenerator.GetInt32(int.MaxValue);
            var rows = await c.QueryAsync<WorkRow>(_db.Queries[Q.WorkClaim], new
            {
                Lease = token, Until = UnixMs.Of(now + lease), Queue = queue, Now = UnixMs.Of(now), Limit = limit,
            }, tx);
            return (token, (IReadOnlyList<StoredWork>)rows.OrderBy(r => r.DueAt).ThenBy(r => r.Id).Select(r => r.ToWork()).ToList());
        }, WriteEffect.Upkeep, ct);

    public Task CompleteAsync(long lease, IReadOnlyCollection<long> ids, IReadOnlyDictionary<long, string>? answers,
        (string Queue, WorkItem Item, DateTimeOffset DueAt)? next, DateTimeOffset now, CancellationToken ct) =>
        _db.WriteAsync(async (c, tx) =>
        {
            var answered = answers ?? new Dictionary<long, string>();
            await c.ExecuteAsync(_db.Queries[Q.WorkDeleteLeased], new { Ids = _db.List(ids.Where(id => !answered.ContainsKey(id)).ToList()), Lease = lease }, tx);
            foreach (var (id, answer) in answered)
            {
                await c.ExecuteAsync(_db.Queries[Q.WorkAnswer], new { Id = id, Lease = lease, Result = answer, Now = UnixMs.Of(now) }, tx);
            }

            if (next is var (queue, item, dueAt))
            {
                await WorkItems.ScheduleAsync(_db, c, tx, queue, item, dueAt, now);
                await c.ExecuteAsync(_db.Queries[Q.WorkForgetAnswers], new { Before = UnixMs.Of(now - AnswersKept) }, tx);
            }

            return 0;
        }, WriteEffect.Upkeep, ct);

    public Task<bool> FailAsync(long lease, long id, string reason, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct) =>
        _db.WriteAsync(async (c, tx) => await c.ExecuteAsync(_db.Queries[Q.WorkFail], new
        {
            Id = id, Lease = lease, Reason = WorkRetry.Reason(reason), DueAt = UnixMs.Of(retryAt ?? now),
            Status = WireName.Of(retryAt is null ? WorkStatus.Failed : WorkStatus.Waiting),
        }, tx) > 0, WriteEffect.Upkeep, ct);

    public async Task<StoredWork?> GetAsync(long id, CancellationToken ct) =>
        (await _db.ReadAsync(c => c.QuerySingleOrDefaultAsync<WorkRow>(_db.Queries[Q.WorkGet], new { Id = id }), ct))?.ToWork();

    public async Task<IReadOnlyList<StoredWork>> ListAsync(int workspaceId, WorkStatus status, long before, int limit, CancellationToken ct) =>
        (await _db.ReadAsync(c => c.QueryAsync<WorkRow>(_db.Queries[Q.WorkList], new
        {
            WorkspaceId = workspaceId, Status = WireName.Of(status), Before = before <= 0 ? long.MaxValue : before, Limit = limit,
        }), ct)).Select(r => r.ToWork()).ToList();

    public Task<bool> RetryAsync(int workspaceId, long id, DateTimeOffset now, CancellationToken ct) =>
        _db.WriteAsync(async (c, tx) =>
        {
            var queue = await c.ExecuteScalarAsync<string?>(_db.Queries[Q.WorkRetry], new { Id = id, WorkspaceId = workspaceId, Now = UnixMs.Of(now) }, tx);
            if (queue is not null)
            {
                _db.RecordedWork(tx, queue);
            }

            return queue is not null;
        }, WriteEffect.KeepsIdentities, ct);

    public async Task<IReadOnlyList<QueueBacklog>> BacklogAsync(DateTimeOffset now, CancellationToken ct) =>
        (await _db.ReadAsync(c => c.QueryAsync<(string Queue, long Waiting, long Failed, long? OldestDue)>(
            _db.Queries[Q.WorkBacklog], new { Now = UnixMs.Of(now) }), ct))
        .Select(r => new QueueBacklog(r.Queue, r.Waiting, r.Failed, r.OldestDue is { } due ? UnixMs.ToTime(due) : null)).ToList();

    private sealed class WorkRow
    {
        public long Id { get; init; }
        public int? WorkspaceId { get; init; }
        public string Queue { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Item { get; init; } = "";
        public string Status { get; init; } = "";
        public long DueAt { get; init; }
        public long CreatedAt { get; init; }
        public int Attempts { get; init; }
        public string? LastError { get; init; }
        public string? Result { get; init; }

        public StoredWork ToWork() => new(Id, WorkspaceId, Queue, WorkItems.Read(Item), WireName.TryParse<WorkStatus>(Status, out var status) ? status : WorkStatus.Failed,
            UnixMs.ToTime(CreatedAt), UnixMs.ToTime(DueAt), Attempts, LastError, Result);
    }
}

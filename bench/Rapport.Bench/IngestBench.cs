using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Rapport.Core.Workspaces;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Bench;

/// <summary>
/// bench ingest: events sent through the HTTP batch API by a client to a separate `rapport serve`
/// process, against the same events bulk-inserted straight into an empty store.
/// </summary>
/// <param name="executable">The rapport executable (or rapport.dll) to start.</param>
/// <param name="settings">The server's settings beyond the database (Database:Durability…).</param>
public sealed class IngestBench(string executable, IReadOnlyDictionary<string, string> settings)
{
    /// <param name="warmup">
    /// Events sent (to another workspace) and bulk-inserted (into another database) before either side is timed,
    /// so both are measured as they run once the JIT has compiled their hot paths: a server's steady state.
    /// </param>
    public async Task<BenchResult> RunAsync(
        Func<Task<ScratchDatabase>> newDatabase, int events, int batchSize, int senders, int warmup, IProgress<string> log)
    {
        var traffic = new Traffic(seed: 42, users: Math.Max(1, events / 10));
        var messages = traffic.Messages(events);
        var bodies = Traffic.Batches(messages, batchSize).ToList();
        var warmupMessages = new Traffic(seed: 7, users: Math.Max(1, warmup / 10)).Messages(warmup);

        await using var ours = await newDatabase();
        var (elapsed, memory) = await SendAsync(ours.Options, Traffic.Batches(warmupMessages, batchSize).ToList(), bodies, senders, log);
        var stored = await CountEventsAsync(ours.Options);
        if (stored != events)
        {
            throw new InvalidOperationException($"The server stored {stored} of {events} events.");
        }

        await using (var warm = await newDatabase())
        {
            await RawAsync(warm.Options, warmupMessages);
        }

        await using var baseline = await newDatabase();
        var raw = await RawAsync(baseline.Options, messages);
        var dialect = ours.Options.Provider;
        return new BenchResult($"HTTP ingest ({dialect}, batches of {batchSize}, {senders} senders, after {warmup:N0} warm-up events)", "events/s",
            BenchResult.Rate(events, elapsed), "raw bulk insert", BenchResult.Rate(events, raw))
        {
            Notes = [memory.ToString()],
        };
    }

    /// <summary>The server's resident memory: started and idle, its peak under the load, and once the load has stopped.</summary>
    public sealed record ServerMemory(double IdleMb, double PeakMb, double AfterMb, TimeSpan After)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"server memory (RSS): {IdleMb:N0} MB idle before the load, peak {PeakMb:N0} MB, {AfterMb:N0} MB {After.TotalSeconds:N0} s after it");
    }

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    private async Task<(TimeSpan Elapsed, ServerMemory Memory)> SendAsync(DatabaseOptions options, List<string> warmup, List<string> bodies, int senders, IProgress<string> log)
    {
        await using (var db = new Database(options))
        {
            await MigrationRunner.ApplyAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        await using var server = await RapportServer.StartAsync(executable, options, settings, CancellationToken.None);
        using var warming = server.Tracking(await RapportServer.KeyAsync(options, WarmupWorkspace, ApiKeyRole.Ingest));
        using var client = server.Tracking(await RapportServer.KeyAsync(options, Workspace.DefaultName, ApiKeyRole.Ingest));
        var idle = ProcessMemory.ResidentMb(server.ProcessId);
        log.Report($"server up at {server.Address}; warming up with {warmup.Count} batches");
        await SendAllAsync(warming, warmup, senders);
        log.Report($"sending {bodies.Count} batches");
        var clock = Stopwatch.StartNew();
        await SendAllAsync(client, bodies, senders);
        var elapsed = clock.Elapsed;
        var peak = ProcessMemory.PeakMb(server.ProcessId);
        log.Report($"load sent; measuring the server's memory {Settle.TotalSeconds:N0} s after it");
        await Task.Delay(Settle);
        return (elapsed, new ServerMemory(idle, peak, ProcessMemory.ResidentMb(server.ProcessId), Settle));
    }

    private const string WarmupWorkspace = "warm-up";

    private static Task SendAllAsync(HttpClient client, List<string> bodies, int senders)
    {
        var queue = new Queue<string>(bodies);
        return Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                string? body;
                lock (queue)
                {
                    body = queue.Count > 0 ? queue.Dequeue() : null;
                }

                if (body is null)
                {
                    return;
                }

                using var response = await client.PostAsync("/v1/batch", new StringContent(body, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
        })));
    }

    private static async Task<TimeSpan> RawAsync(DatabaseOptions options, IReadOnlyList<BenchMessage> messages)
    {
        await using var db = new Database(options);
        await MigrationRunner.ApplyAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, DateTimeOffset.UtcNow, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            ids.TryAdd(m.UserId, ids.Count + 1);
        }

        await RawInsert.ContactsAsync(db, workspace.Id, ids.Select(p => (p.Value, p.Key, $"{p.Key}@example.com")).ToList());
        await RawInsert.EventsAsync(db, workspace.Id, messages.Select(m => (m, ids[m.UserId])).ToList());
        return clock.Elapsed;
    }

    private static async Task<long> CountEventsAsync(DatabaseOptions options)
    {
        await using var db = new Database(options);
        // The events sent to the timed workspace, not Rapport's own (Stage Changed…) that upkeep writes meanwhile.
        return await db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM event e JOIN workspace w ON w.id = e.workspace_id WHERE w.name = @Name AND e.source <> 'rapport'",
            new { Name = Workspace.DefaultName }), CancellationToken.None);
    }
}

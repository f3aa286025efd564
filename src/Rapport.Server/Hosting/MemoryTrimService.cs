using System.Runtime;
using Rapport.Storage;

namespace Rapport.Server.Hosting;

/// <summary>
/// Gives memory back after a burst of load: once the process falls idle, the garbage collector compacts and
/// returns its free heap to the system, and the database connections drop their page caches. Under load the
/// heap and caches grow for speed; an idle server shrinks to near its size at start.
/// </summary>
public sealed class MemoryTrimService(Database database, TimeProvider clock, ILogger<MemoryTrimService> log) : BackgroundService
{
    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(WatchAsync, log, "Giving memory back", stoppingToken);

    private async Task WatchAsync(CancellationToken ct)
    {
        var idle = new IdleDetector(busyBytes: 256L << 20, idleBytes: 4L << 20);
        using var timer = new PeriodicTimer(Pace, clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (idle.FellIdle(GC.GetTotalAllocatedBytes()))
            {
                await TrimAsync(ct);
            }
        }
    }

    private async Task TrimAsync(CancellationToken ct)
    {
        var before = Environment.WorkingSet;
        await database.ReleaseMemoryAsync(ct);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        log.LogDebug("Idle after load: working set {Before} -> {After} MB", before >> 20, Environment.WorkingSet >> 20);
    }
}

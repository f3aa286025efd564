using Microsoft.Extensions.Options;
using Rapport.Engine.Work;

namespace Rapport.Server.Hosting;

/// <summary>
/// Runs every worker (segment membership, customer value, loyalty ladder, dispatch) in the serve process, each on its own
/// <see cref="WorkerLoop"/>; a worker that fails is logged and started again (<see cref="BackgroundLoop"/>). A node
/// with Rapport:Work:Run=false serves HTTP only: its work is stored, and other nodes do it.
/// </summary>
public sealed class WorkerService(IEnumerable<IWorker> workers, WorkerLoop loop, IOptions<RapportOptions> options, ILogger<WorkerService> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Work.Run)
        {
            log.LogInformation("Rapport:Work:Run is false: this node does no background work");
            return Task.CompletedTask;
        }

        // The upkeep's workers make work for one another: one loop runs them in turn (value, ladder, segments, so that
        // a round takes a change through all three) and paces them together.
        var upkeep = QueueWorker.InTurn(workers);
        var loops = workers.Except(upkeep).Select(worker => BackgroundLoop.RunAsync(ct => loop.RunAsync(worker, ct), log, worker.Name, stoppingToken));
        return Task.WhenAll([.. loops, BackgroundLoop.RunAsync(ct => loop.RunAsync(upkeep, ct), log, "upkeep", stoppingToken)]);
    }
}

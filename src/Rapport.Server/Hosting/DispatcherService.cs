using Rapport.Engine.Dispatch;

namespace Rapport.Server.Hosting;

/// <summary>Runs the dispatcher in the serve process: at once when woken, else every few seconds; a failure is logged and it goes on.</summary>
public sealed class DispatcherService(Dispatcher dispatcher, ILogger<DispatcherService> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(ct => dispatcher.RunAsync(TimeSpan.FromSeconds(5), ct), log, "Dispatching", stoppingToken);
}

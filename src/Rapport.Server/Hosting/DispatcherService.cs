using Rapport.Engine.Dispatch;

namespace Rapport.Server.Hosting;

/// <summary>Runs the dispatcher in the serve process: at once when woken, else every few seconds.</summary>
public sealed class DispatcherService(Dispatcher dispatcher) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await dispatcher.RunAsync(TimeSpan.FromSeconds(5), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

using Microsoft.Extensions.Options;
using Rapport.Engine.Segments;

namespace Rapport.Server.Hosting;

/// <summary>Runs the upkeep (segments, value, ladder) in the serve process; a failed round is logged and the loop goes on.</summary>
public sealed class SegmentMaintainerService(SegmentMaintainer maintainer, IOptions<RapportOptions> options, ILogger<SegmentMaintainerService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await maintainer.RunAsync(TimeSpan.FromSeconds(options.Value.Segments.RefreshSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // whatever failed, the upkeep must not stop the host: the round's changes were put back and are tried again
                log.LogError(e, "Segment upkeep failed; it starts again in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}

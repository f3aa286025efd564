using Microsoft.Extensions.Options;
using Rapport.Engine.Segments;

namespace Rapport.Server.Hosting;

/// <summary>Runs the upkeep (segments, value, ladder) in the serve process; a failed round is logged and the loop goes on.</summary>
public sealed class SegmentMaintainerService(SegmentMaintainer maintainer, IOptions<RapportOptions> options, ILogger<SegmentMaintainerService> log)
    : BackgroundService
{
    // Whatever failed, the round's changes were put back and are tried again.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(ct => maintainer.RunAsync(TimeSpan.FromSeconds(options.Value.Segments.RefreshSeconds), ct), log, "Segment upkeep", stoppingToken);
}

using System.Diagnostics;

namespace Rapport.Server.Hosting;

/// <summary>
/// Keeps a background loop (the dispatcher, the upkeep) running for the life of the host. A failure that leaves the
/// loop is logged and the loop starts again after a pause that doubles with each failure in a row, from a second
/// to a minute; a loop that ran a minute before failing starts over from a second. No loop stops the host.
/// </summary>
internal static class BackgroundLoop
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    /// <param name="what">What the loop does, for the log: "Dispatching", "Segment upkeep".</param>
    public static async Task RunAsync(Func<CancellationToken, Task> loop, ILogger log, string what, CancellationToken stopping)
    {
        var pause = FirstPause;
        while (!stopping.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await loop(stopping);
            }
            catch (Exception e) when (stopping.IsCancellationRequested)
            {
                // The host is stopping: a loop cut short (cancelled, or its database already closed) has nothing to redo.
                log.LogDebug(e, "{What} stopped with the host", what);
                return;
            }
            catch (Exception e)
            {
                // The last resort: whatever failed, the host goes on serving. The work is stored, so nothing is lost.
                pause = Stopwatch.GetElapsedTime(started) > LongestPause ? FirstPause : pause;
                log.LogError(e, "{What} failed; it starts again in {Pause} s", what, pause.TotalSeconds);
                await Task.Delay(pause, stopping);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }
}

namespace Rapport.Server.Hosting;

/// <summary>
/// Tells, from the bytes the process has allocated so far (sampled at a steady pace), when a burst of work
/// has ended: the sample after which it allocated little, having allocated a lot since the last time it said so.
/// </summary>
public sealed class IdleDetector(long busyBytes, long idleBytes)
{
    private long _last = -1;
    private long _sinceTrim;

    /// <summary>True once when the process falls idle after at least <c>busyBytes</c> of work.</summary>
    public bool FellIdle(long allocatedSoFar)
    {
        var step = _last < 0 ? 0 : allocatedSoFar - _last;
        _last = allocatedSoFar;
        _sinceTrim += step;
        if (step > idleBytes || _sinceTrim < busyBytes)
        {
            return false;
        }

        _sinceTrim = 0;
        return true;
    }
}

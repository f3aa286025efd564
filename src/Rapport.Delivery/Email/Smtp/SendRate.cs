namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// A token bucket that keeps sending at or below a rate: each message takes a token; tokens come back at the rate, up to
/// one second's worth, so a quiet sender may start with a short burst. Time comes from the injected clock.
/// </summary>
public sealed class SendRate
{
    /// <summary>What floating point may lose of a token that has fully come back.</summary>
    private const double Rounding = 1e-9;

    private readonly double _perSecond;
    private readonly double _burst;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    /// <param name="perSecond">Messages a second; 0 or less for no limit.</param>
    public SendRate(double perSecond, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _perSecond = perSecond;
        _burst = Math.Max(1, perSecond);
        _clock = clock;
        _tokens = _burst;
        _last = clock.GetTimestamp();
    }

    /// <summary>Returns when one more message may go.</summary>
    public async ValueTask WaitAsync(CancellationToken ct)
    {
        if (_perSecond <= 0)
        {
            return;
        }

        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _clock.GetTimestamp();
                _tokens = Math.Min(_burst, _tokens + _clock.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
                _last = now;
                if (_tokens >= 1 - Rounding)
                {
                    _tokens = Math.Max(0, _tokens - 1);
                    return;
                }

                wait = TimeSpan.FromTicks((long)Math.Ceiling((1 - _tokens) / _perSecond * TimeSpan.TicksPerSecond));
            }

            await Task.Delay(wait, _clock, ct);
        }
    }
}

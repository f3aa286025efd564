using Rapport.Core.Messages;

namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// Holds the e-mails of a UTC day to the <see cref="WarmUpSchedule"/>'s cap. The day's count comes from where every
/// server records what it sent (<c>sentSince</c>: the message store), read on a new day and again every
/// <see cref="RecountEvery"/>, so that it holds across restarts and several servers; between readings, the messages this
/// channel has taken room for are added to it. A message over the cap waits until the next UTC midnight.
/// Several servers sending at once may together go over the cap by what they sent within one <see cref="RecountEvery"/>.
/// </summary>
public sealed class WarmUp : IDisposable
{
    /// <summary>How often the day's count is read again from the store.</summary>
    public static readonly TimeSpan RecountEvery = TimeSpan.FromMinutes(1);

    private readonly WarmUpSchedule _schedule;
    private readonly Func<DateTimeOffset, CancellationToken, Task<long>> _sentSince;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _counting = new(1, 1);
    private readonly Lock _gate = new();
    private DateOnly _day;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;
    private long _counted;
    private long _sentSinceCount;
    private long _inFlight;

    /// <param name="sentSince">How many e-mails every server has sent since the moment given.</param>
    public WarmUp(WarmUpSchedule schedule, Func<DateTimeOffset, CancellationToken, Task<long>> sentSince, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(sentSince);
        ArgumentNullException.ThrowIfNull(clock);
        _schedule = schedule;
        _sentSince = sentSince;
        _clock = clock;
    }

    /// <summary>
    /// Takes room for one e-mail today: null when it may go (then call <see cref="Answered"/> once the relay has answered),
    /// else the wait until the next UTC day.
    /// </summary>
    public async ValueTask<DeliveryResult.Retry?> TryTakeAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (_schedule.CapOn(today) is not var (cap, day))
        {
            return null;
        }

        await CountAsync(today, now, ct);
        lock (_gate)
        {
            if (_counted + _sentSinceCount + _inFlight >= cap)
            {
                var midnight = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                return new(midnight - now, $"warm-up day {day}: {cap} e-mails a day (Rapport:Smtp:WarmUp); the rest wait for the next day (UTC)", HeldBack: true);
            }

            _inFlight++;
            return null;
        }
    }

    /// <summary>Gives back the room <see cref="TryTakeAsync"/> took: an e-mail the relay took counts toward the day.</summary>
    public void Answered(bool sent)
    {
        lock (_gate)
        {
            _inFlight--;
            if (sent)
            {
                _sentSinceCount++;
            }
        }
    }

    private async Task CountAsync(DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        if (!Stale())
        {
            return;
        }

        await _counting.WaitAsync(ct);
        try
        {
            if (!Stale())
            {
                return; // another message read it meanwhile
            }

            var counted = await _sentSince(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), ct);
            lock (_gate)
            {
                (_day, _counted, _sentSinceCount, _countedAt) = (today, counted, 0, now);
            }
        }
        finally
        {
            _counting.Release();
        }

        bool Stale()
        {
            lock (_gate)
            {
                return _day != today || now - _countedAt >= RecountEvery;
            }
        }
    }

    public void Dispose() => _counting.Dispose();
}

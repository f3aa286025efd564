using Microsoft.Extensions.Logging;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email.Smtp;

/// <summary>
/// Keeps each recipient domain within its <see cref="DomainLimit"/> and slows a domain down by itself when it refuses for
/// now: its messages a minute are halved (a domain without a PerMinute limit is only paused) and nothing goes to it for
/// <see cref="Pause"/>; then, for each <see cref="StepEvery"/> in which it took messages, it gets back a tenth of its
/// configured rate, never above it. A message that may not go now gets a <see cref="DeliveryResult.Retry"/> with the wait
/// until its domain may have room, so the sender defers it and goes on with other domains. Time comes from the clock.
/// </summary>
public sealed class DomainThrottle
{
    /// <summary>How long nothing goes to a domain after it refused for now.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMinutes(1);

    /// <summary>A slowed domain gets a step of its rate back for each such time in which it took messages.</summary>
    public static readonly TimeSpan StepEvery = TimeSpan.FromMinutes(1);

    /// <summary>How long a message waits when its domain has all its connections in use.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DomainLimit> _limits;
    private readonly DomainLimit? _everyOther;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Dictionary<string, DomainState> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private DateTimeOffset _lastSweep;

    public DomainThrottle(IReadOnlyDictionary<string, DomainLimit> limits, TimeProvider clock, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = new Dictionary<string, DomainLimit>(limits, StringComparer.OrdinalIgnoreCase);
        _everyOther = _limits.GetValueOrDefault(DomainLimit.EveryOtherDomain);
        _clock = clock;
        _log = log;
        _lastSweep = clock.GetUtcNow();
    }

    /// <summary>Whether any domain is limited at all.</summary>
    public bool Limits => _limits.Count > 0;

    /// <summary>The messages a minute the domain takes now (after any slowing down); null when it has no such limit.</summary>
    public int? PerMinuteOf(string domain)
    {
        lock (_gate)
        {
            return _states.TryGetValue(domain, out var state) ? state.PerMinute : LimitOf(domain)?.PerMinute;
        }
    }

    /// <summary>
    /// Takes room for one message to <paramref name="domain"/>: null when it may go now (then call <see cref="Leave"/>
    /// once the relay has answered), else the wait until the domain may have room and why.
    /// </summary>
    public DeliveryResult.Retry? TryEnter(string domain)
    {
        if (LimitOf(domain) is not { } limit)
        {
            return null;
        }

        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            Sweep(now);
            if (!_states.TryGetValue(domain, out var state))
            {
                _states[domain] = state = new DomainState(limit);
            }

            while (state.Sent.Count > 0 && state.Sent.Peek() <= now - Minute)
            {
                state.Sent.Dequeue();
            }

            if (now < state.PausedUntil)
            {
                return new(state.PausedUntil - now, $"{domain} refused messages for now: it is slowed down, nothing goes to it until {state.PausedUntil:u}", HeldBack: true);
            }

            if (limit.Connections is { } connections && state.InFlight >= connections)
            {
                return new(BusyWait, $"{domain} has {connections} messages in flight, its limit (Rapport:Smtp:Domains)", HeldBack: true);
            }

            if (state.PerMinute is { } perMinute && state.Sent.Count >= perMinute)
            {
                // Those waiting are told to come back one after another at the domain's pace, not all at the same moment.
                var roomAt = state.Sent.ElementAt(state.Sent.Count - perMinute) + Minute;
                var comeBack = roomAt > state.NextComeBack ? roomAt : state.NextComeBack;
                state.NextComeBack = comeBack + Minute / perMinute;
                return new(comeBack - now, $"{domain} takes {perMinute} messages a minute now (Rapport:Smtp:Domains), and has had them", HeldBack: true);
            }

            state.InFlight++;
            if (limit.PerMinute is not null)
            {
                state.Sent.Enqueue(now);
            }

            return null;
        }
    }

    /// <summary>Gives back the room <see cref="TryEnter"/> took, with what the relay answered to the message.</summary>
    public void Leave(string domain, DomainAnswer answer)
    {
        lock (_gate)
        {
            if (!_states.TryGetValue(domain, out var state))
            {
                return;
            }

            state.InFlight--;
            var now = _clock.GetUtcNow();
            if (answer == DomainAnswer.RefusedForNow)
            {
                SlowDown(domain, state, now);
            }
            else if (answer == DomainAnswer.Accepted && state.Slowed && now - state.LastChange >= StepEvery)
            {
                SpeedUp(domain, state, now);
            }
        }
    }

    private void SlowDown(string domain, DomainState state, DateTimeOffset now)
    {
        if (now < state.PausedUntil)
        {
            return; // messages that were in flight when it first refused: slowed once for all of them
        }

        state.PerMinute = state.PerMinute is { } perMinute ? Math.Max(1, perMinute / 2) : null;
        state.PausedUntil = now + Pause;
        state.LastChange = state.PausedUntil;
        state.Slowed = true;
        _log.LogInformation("Slowing down e-mail to {Domain}: it refused messages for now; nothing until {Until:u}, then {PerMinute} a minute",
            domain, state.PausedUntil, state.PerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no limit");
    }

    private void SpeedUp(string domain, DomainState state, DateTimeOffset now)
    {
        if (state.Limit.PerMinute is { } configured && state.PerMinute is { } perMinute)
        {
            state.PerMinute = Math.Min(configured, perMinute + Math.Max(1, (configured + 9) / 10));
        }

        state.LastChange = now;
        if (state.PerMinute == state.Limit.PerMinute)
        {
            state.Slowed = false;
            _log.LogInformation("E-mail to {Domain} has recovered: back to its configured rate", domain);
        }
    }

    private DomainLimit? LimitOf(string domain) => _limits.GetValueOrDefault(domain) ?? _everyOther;

    /// <summary>Once a minute, forgets the domains with nothing to remember (so that "*" does not keep every domain ever seen).</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep < Minute)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (domain, state) in _states)
        {
            if (state.InFlight == 0 && !state.Slowed && (state.Sent.Count == 0 || state.Sent.Last() <= now - Minute))
            {
                _states.Remove(domain);
            }
        }
    }

    private sealed class DomainState(DomainLimit limit)
    {
        public DomainLimit Limit { get; } = limit;

        public int InFlight { get; set; }

        /// <summary>When each message of the last minute went (at most PerMinute of them).</summary>
        public Queue<DateTimeOffset> Sent { get; } = new();

        public int? PerMinute { get; set; } = limit.PerMinute;

        public DateTimeOffset PausedUntil { get; set; }

        /// <summary>When the next message told to wait for room should come back.</summary>
        public DateTimeOffset NextComeBack { get; set; }

        public DateTimeOffset LastChange { get; set; }

        public bool Slowed { get; set; }
    }
}

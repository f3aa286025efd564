using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rapport.Delivery.Email.Smtp;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>Limits per recipient domain, and slowing down and recovering by themselves, on a clock the test turns.</summary>
public sealed class DomainThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ListLogger<DomainThrottle> _log = new();

    private DomainThrottle Throttle(params (string Domain, DomainLimit Limit)[] limits) =>
        new(limits.ToDictionary(l => l.Domain, l => l.Limit), _clock, _log);

    [Fact]
    public void A_domain_gets_its_messages_a_minute_and_those_over_wait_for_room_one_after_another()
    {
        var throttle = Throttle(("gmail.com", new DomainLimit(null, 3)));

        Assert.Null(throttle.TryEnter("gmail.com"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(throttle.TryEnter("GMail.com"));
        Assert.Null(throttle.TryEnter("gmail.com"));
        var fourth = throttle.TryEnter("gmail.com");
        var fifth = throttle.TryEnter("gmail.com");

        Assert.Equal(TimeSpan.FromSeconds(50), fourth?.After);
        Assert.Equal(TimeSpan.FromSeconds(70), fifth?.After); // those waiting come back at the domain's pace, one every 20 s
        Assert.Contains("gmail.com takes 3 messages a minute", fourth!.Reason, StringComparison.Ordinal);
        Assert.Null(throttle.TryEnter("example.org")); // another domain goes on
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(throttle.TryEnter("gmail.com"));
    }

    [Fact]
    public void A_domain_has_at_most_its_connections_in_flight_and_room_again_when_one_is_answered()
    {
        var throttle = Throttle(("outlook.com", new DomainLimit(2, null)));

        Assert.Null(throttle.TryEnter("outlook.com"));
        Assert.Null(throttle.TryEnter("outlook.com"));
        var third = throttle.TryEnter("outlook.com");
        throttle.Leave("outlook.com", DomainAnswer.Accepted);

        Assert.Equal(DomainThrottle.BusyWait, third?.After);
        Assert.Contains("outlook.com has 2 messages in flight", third!.Reason, StringComparison.Ordinal);
        Assert.Null(throttle.TryEnter("outlook.com"));
    }

    [Fact]
    public void The_star_entry_limits_each_other_domain_on_its_own()
    {
        var throttle = Throttle(("*", new DomainLimit(1, null)), ("gmail.com", new DomainLimit(5, null)));

        Assert.Null(throttle.TryEnter("a.example"));
        Assert.Null(throttle.TryEnter("b.example"));
        Assert.NotNull(throttle.TryEnter("a.example"));
        Assert.Null(throttle.TryEnter("gmail.com"));
        Assert.Null(throttle.TryEnter("gmail.com"));
    }

    [Fact]
    public void A_domain_that_refuses_for_now_is_halved_and_paused_then_recovers_a_step_a_minute_never_above_its_rate()
    {
        var throttle = Throttle(("gmail.com", new DomainLimit(null, 100)));
        Assert.Null(throttle.TryEnter("gmail.com"));
        Assert.Null(throttle.TryEnter("gmail.com"));

        throttle.Leave("gmail.com", DomainAnswer.RefusedForNow);
        throttle.Leave("gmail.com", DomainAnswer.RefusedForNow); // in flight at the same time: slowed once, not twice

        Assert.Equal(50, throttle.PerMinuteOf("gmail.com"));
        var paused = throttle.TryEnter("gmail.com");
        Assert.Equal(DomainThrottle.Pause, paused?.After);
        Assert.Contains("gmail.com refused messages for now", paused!.Reason, StringComparison.Ordinal);
        Assert.Null(throttle.TryEnter("outlook.com"));
        var slowed = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Information, slowed.Level);
        Assert.Contains("Slowing down e-mail to gmail.com", slowed.Message, StringComparison.Ordinal);

        var perMinute = new List<int?>();
        for (var minute = 0; minute < 8; minute++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Null(throttle.TryEnter("gmail.com"));
            throttle.Leave("gmail.com", DomainAnswer.Accepted);
            perMinute.Add(throttle.PerMinuteOf("gmail.com"));
        }

        Assert.Equal([50, 60, 70, 80, 90, 100, 100, 100], perMinute);
        Assert.Contains("E-mail to gmail.com has recovered", _log.Entries[^1].Message, StringComparison.Ordinal);
        Assert.Equal(2, _log.Entries.Count);
    }

    [Fact]
    public void A_domain_slowed_down_takes_only_its_new_rate_in_a_minute()
    {
        var throttle = Throttle(("gmail.com", new DomainLimit(null, 4)));
        Assert.Null(throttle.TryEnter("gmail.com"));
        throttle.Leave("gmail.com", DomainAnswer.RefusedForNow);
        _clock.Advance(DomainThrottle.Pause);

        Assert.Null(throttle.TryEnter("gmail.com"));
        Assert.Null(throttle.TryEnter("gmail.com"));
        Assert.NotNull(throttle.TryEnter("gmail.com"));
    }

    [Fact]
    public void Refused_for_good_or_an_unreachable_relay_says_nothing_of_the_domain()
    {
        var throttle = Throttle(("gmail.com", new DomainLimit(null, 10)));
        Assert.Null(throttle.TryEnter("gmail.com"));
        throttle.Leave("gmail.com", DomainAnswer.Other);

        Assert.Equal(10, throttle.PerMinuteOf("gmail.com"));
        Assert.Null(throttle.TryEnter("gmail.com"));
        Assert.Empty(_log.Entries);
    }
}

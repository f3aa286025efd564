using Microsoft.Extensions.Time.Testing;
using Rapport.Delivery.Email.Smtp;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>The warm-up's daily caps, counted from what the store says was sent, on a clock the test turns.</summary>
public sealed class WarmUpTests
{
    private static readonly WarmUpSchedule Schedule = new(new DateOnly(2026, 3, 2), [2, 3]);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 22, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_day_of_the_schedule_has_its_cap_days_before_the_start_take_the_first_and_after_the_list_there_is_none()
    {
        Assert.Equal((2, 1), Schedule.CapOn(new DateOnly(2026, 2, 20)));
        Assert.Equal((2, 1), Schedule.CapOn(new DateOnly(2026, 3, 2)));
        Assert.Equal((3, 2), Schedule.CapOn(new DateOnly(2026, 3, 3)));
        Assert.Null(Schedule.CapOn(new DateOnly(2026, 3, 4)));
    }

    [Fact]
    public async Task Over_the_days_cap_a_message_waits_for_midnight_UTC_and_the_next_day_counts_afresh()
    {
        var stored = new List<DateTimeOffset>();
        using var warmUp = new WarmUp(Schedule, (since, _) => Task.FromResult((long)stored.Count(s => s >= since)), _clock);

        Assert.Null(await warmUp.TryTakeAsync(CancellationToken.None));
        warmUp.Answered(sent: true);
        stored.Add(_clock.GetUtcNow());
        Assert.Null(await warmUp.TryTakeAsync(CancellationToken.None));
        var third = await warmUp.TryTakeAsync(CancellationToken.None); // the second is still in flight: it holds its room

        Assert.Equal(TimeSpan.FromHours(2), third?.After);
        Assert.Contains("warm-up day 1: 2 e-mails a day", third!.Reason, StringComparison.Ordinal);
        warmUp.Answered(sent: false); // refused: its room comes back
        Assert.Null(await warmUp.TryTakeAsync(CancellationToken.None));
        warmUp.Answered(sent: true);
        stored.Add(_clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await warmUp.TryTakeAsync(CancellationToken.None));
        }

        Assert.NotNull(await warmUp.TryTakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task What_other_servers_sent_counts_from_the_next_reading_of_the_store()
    {
        long stored = 0;
        using var warmUp = new WarmUp(Schedule, (_, _) => Task.FromResult(stored), _clock);
        Assert.Null(await warmUp.TryTakeAsync(CancellationToken.None));
        warmUp.Answered(sent: false);

        stored = 2; // another server sent the day's two
        _clock.Advance(WarmUp.RecountEvery);

        Assert.NotNull(await warmUp.TryTakeAsync(CancellationToken.None));
    }
}

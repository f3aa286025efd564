using Microsoft.Extensions.Time.Testing;
using Rapport.Delivery.Email.Smtp;

namespace Rapport.Delivery.Tests.Email.Smtp;

public sealed class SendRateTests
{
    [Fact]
    public async Task Two_a_second_lets_two_go_at_once_and_the_third_half_a_second_later()
    {
        var clock = new FakeTimeProvider();
        var rate = new SendRate(2, clock);

        await rate.WaitAsync(CancellationToken.None);
        await rate.WaitAsync(CancellationToken.None);
        var third = rate.WaitAsync(CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await third;

        var fourth = rate.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(fourth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await fourth;
    }

    [Fact]
    public async Task A_quiet_sender_gets_at_most_one_seconds_worth_at_once()
    {
        var clock = new FakeTimeProvider();
        var rate = new SendRate(3, clock);
        clock.Advance(TimeSpan.FromHours(1));

        for (var i = 0; i < 3; i++)
        {
            await rate.WaitAsync(CancellationToken.None);
        }

        Assert.False(rate.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void No_limit_never_waits()
    {
        var rate = new SendRate(0, new FakeTimeProvider());

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(rate.WaitAsync(CancellationToken.None).IsCompletedSuccessfully));
    }
}

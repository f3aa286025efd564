using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Messages;
using Rapport.Delivery.Email;
using Rapport.Delivery.Email.Smtp;
using Rapport.Testing;
using static Rapport.Delivery.Tests.Email.Mails;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>Limits per recipient domain and the warm-up, against a real SMTP peer.</summary>
public sealed class SmtpLimitsTests
{
    private static readonly ReturnPaths Bounces = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), "bounces.shop.example");

    private static SmtpSettings Settings(int port) => new("127.0.0.1", port, null, null, SmtpSecurity.None, 2, 0, "shop.example");

    [Fact]
    public async Task A_domain_that_answers_451_is_slowed_down_and_its_messages_deferred_while_another_domains_all_go_through()
    {
        using var relay = new RefusingRelay([], ["gmail.com"]);
        var log = new ListLogger<SmtpChannel>();
        var limits = new Dictionary<string, DomainLimit> { ["gmail.com"] = new(2, 60), ["*"] = new(2, 600) };
        using var channel = new SmtpChannel(Settings(relay.Port) with { Domains = limits }, new MailComposer("shop.example"),
            _ => Task.FromResult(Bounces), TimeProvider.System, log: log);

        var results = new List<(string To, DeliveryResult Result)>();
        for (var i = 0; i < 4; i++)
        {
            foreach (var to in new[] { $"anna{i}@gmail.com", $"jan{i}@example.org" })
            {
                results.Add((to, await channel.SendAsync(Message() with { To = to, MessageId = $"m{results.Count}" }, Now, CancellationToken.None)));
            }
        }

        Assert.All(results.Where(r => r.To.EndsWith("@example.org", StringComparison.Ordinal)), r => Assert.IsType<DeliveryResult.Sent>(r.Result));
        Assert.Equal(["jan0@example.org", "jan1@example.org", "jan2@example.org", "jan3@example.org"], relay.Accepted);
        var gmail = results.Where(r => r.To.EndsWith("@gmail.com", StringComparison.Ordinal)).Select(r => Assert.IsType<DeliveryResult.Retry>(r.Result)).ToList();
        Assert.StartsWith("451 ", gmail[0].Reason, StringComparison.Ordinal);
        Assert.Equal(SmtpChannel.TemporaryRefusalWait, gmail[0].After);
        Assert.All(gmail.Skip(1), r => Assert.Contains("gmail.com refused messages for now", r.Reason, StringComparison.Ordinal));
        Assert.All(gmail.Skip(1), r => Assert.InRange(r.After, TimeSpan.FromSeconds(30), DomainThrottle.Pause));
        Assert.Equal(["anna0@gmail.com"], relay.RefusedForNow); // the others waited, without asking the relay again
        Assert.Equal(30, channel.PerMinuteOf("gmail.com"));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Slowing down e-mail to gmail.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_warm_up_day_the_cap_goes_out_the_rest_waits_for_midnight_and_another_server_sees_the_same_count()
    {
        using var relay = new RefusingRelay();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero));
        var settings = Settings(relay.Port) with { WarmUp = new WarmUpSchedule(new DateOnly(2026, 3, 2), [3, 10]) };
        // What the message store would say every server sent today: here, what the relay took.
        Task<long> SentToday(DateTimeOffset since, CancellationToken ct) => Task.FromResult((long)relay.Accepted.Count);
        using var first = new SmtpChannel(settings, new MailComposer("shop.example"), _ => Task.FromResult(Bounces), clock, SentToday);

        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            first.SendAsync(Message() with { To = $"anna{i}@example.org", MessageId = $"m{i}" }, Now, CancellationToken.None)));

        Assert.Equal(3, results.Count(r => r is DeliveryResult.Sent));
        var waiting = results.OfType<DeliveryResult.Retry>().ToList();
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, r => Assert.Equal(TimeSpan.FromHours(6), r.After));
        Assert.All(waiting, r => Assert.Contains("warm-up day 1: 3 e-mails a day", r.Reason, StringComparison.Ordinal));
        Assert.Equal(3, relay.Accepted.Count);

        using var second = new SmtpChannel(settings, new MailComposer("shop.example"), _ => Task.FromResult(Bounces), clock, SentToday);
        var elsewhere = await second.SendAsync(Message() with { To = "jan@example.org", MessageId = "m6" }, Now, CancellationToken.None);

        Assert.Equal(TimeSpan.FromHours(6), Assert.IsType<DeliveryResult.Retry>(elsewhere).After);
        Assert.Equal(3, relay.Accepted.Count);
    }
}

using Rapport.Core.Consent;
using Rapport.Core.Policy;
using static Rapport.Core.Tests.Policy.Gates;

namespace Rapport.Core.Tests.Policy;

/// <summary>
/// Quiet hours, caps, the interval and the person's frequency are counted on the person's own calendar: across midnight,
/// across daylight-saving changes (Warsaw: 2026-03-29 and 2026-10-25) and in zones far apart.
/// </summary>
public sealed class ContactGateCalendarTests
{
    private static readonly ContactPolicy Night = Rules("""{"quietHours": {"email": {"start": "21:00", "end": "08:00"}}}""");

    [Theory]
    [InlineData(23, 30, 10, 8)]
    [InlineData(21, 0, 10, 8)]
    [InlineData(7, 59, 9, 8)]
    [InlineData(0, 0, 9, 8)]
    public void Quiet_hours_that_wrap_midnight_end_at_their_local_end(int hour, int minute, int endDay, int endHour)
    {
        var defer = Deferred(Decide(News, Person(Warsaw), Night, At(Warsaw, 2026, 12, 9, hour, minute)));

        Assert.Equal(At(Warsaw, 2026, 12, endDay, endHour), defer.Until);
        Assert.Equal("quiet hours 21:00–08:00 in Europe/Warsaw until 08:00", defer.Reason);
    }

    [Theory]
    [InlineData(8, 0)]
    [InlineData(20, 59)]
    public void Outside_quiet_hours_a_message_goes(int hour, int minute) =>
        Sends(Decide(News, Person(Warsaw), Night, At(Warsaw, 2026, 12, 9, hour, minute)));

    [Fact]
    public void Quiet_hours_on_the_night_the_clocks_go_forward_end_at_the_local_end_one_hour_sooner()
    {
        var evening = At(Warsaw, 2026, 3, 28, 22); // 21:00 UTC, winter time
        var defer = Deferred(Decide(News, Person(Warsaw), Night, evening));

        Assert.Equal(Utc(2026, 3, 29, 6), defer.Until); // 08:00 summer time
        Assert.Equal(TimeSpan.FromHours(9), defer.Until - evening);
    }

    [Fact]
    public void Quiet_hours_on_the_night_the_clocks_go_back_end_at_the_local_end_one_hour_later()
    {
        var evening = At(Warsaw, 2026, 10, 24, 22); // 20:00 UTC, summer time
        var defer = Deferred(Decide(News, Person(Warsaw), Night, evening));

        Assert.Equal(Utc(2026, 10, 25, 7), defer.Until); // 08:00 winter time
        Assert.Equal(TimeSpan.FromHours(11), defer.Until - evening);
    }

    [Fact]
    public void Quiet_hours_that_end_in_the_hour_that_does_not_exist_end_when_it_is_over()
    {
        var policy = Rules("""{"quietHours": {"email": {"start": "22:00", "end": "02:30"}}}""");

        var defer = Deferred(Decide(News, Person(Warsaw), policy, At(Warsaw, 2026, 3, 29, 1)));

        Assert.Equal(Utc(2026, 3, 29, 1), defer.Until); // 03:00 summer time: 02:00–03:00 is skipped
        Assert.Equal("quiet hours 22:00–02:30 in Europe/Warsaw until 03:00", defer.Reason);
    }

    [Fact]
    public void Quiet_hours_that_end_in_the_hour_that_comes_twice_end_the_first_time()
    {
        var policy = Rules("""{"quietHours": {"email": {"start": "22:00", "end": "02:30"}}}""");

        Assert.Equal(Utc(2026, 10, 25, 0, 30), Deferred(Decide(News, Person(Warsaw), policy, Utc(2026, 10, 24, 23))).Until); // 01:00 → 02:30 summer time
        Sends(Decide(News, Person(Warsaw), policy, Utc(2026, 10, 25, 0, 30)));
        Deferred(Decide(News, Person(Warsaw), policy, Utc(2026, 10, 25, 1, 0))); // 02:00 again, winter time: quiet again until 02:30
    }

    [Fact]
    public void A_daily_cap_ends_at_the_persons_own_midnight()
    {
        var cap = Rules("""{"caps": {"email": {"perDay": 1}}}""");
        var sent = Utc(2026, 12, 7, 10); // 23:00 in Auckland (UTC+13), 02:00 in Los Angeles (UTC-8)

        var auckland = Deferred(Decide(News, Person(Auckland, Sent(sent)), cap, Utc(2026, 12, 7, 10, 30)));
        var losAngeles = Deferred(Decide(News, Person(LosAngeles, Sent(sent)), cap, Utc(2026, 12, 7, 10, 30)));

        Assert.Equal(At(Auckland, 2026, 12, 8, 0), auckland.Until);
        Assert.Equal(Utc(2026, 12, 7, 11), auckland.Until);
        Assert.Equal("daily e-mail cap of 1 reached; next day starts 2026-12-08 00:00 Pacific/Auckland", auckland.Reason);
        Assert.Equal(Utc(2026, 12, 8, 8), losAngeles.Until);
        Sends(Decide(News, Person(Auckland, Sent(sent)), cap, Utc(2026, 12, 7, 11, 30))); // 00:30 the next day in Auckland
        Deferred(Decide(News, Person(LosAngeles, Sent(sent)), cap, Utc(2026, 12, 7, 11, 30))); // still 03:30 the same day there
    }

    [Fact]
    public void In_a_zone_whose_clocks_skip_midnight_the_next_day_starts_when_the_day_does()
    {
        var cap = Rules("""{"caps": {"email": {"perDay": 1}}}""");
        var facts = Person("America/Santiago", Sent(Utc(2026, 9, 5, 15))); // Chile skips 2026-09-06 00:00–01:00

        var defer = Deferred(Decide(News, facts, cap, Utc(2026, 9, 6, 2)));

        Assert.Equal(Utc(2026, 9, 6, 4), defer.Until);
        Assert.Equal("daily e-mail cap of 1 reached; next day starts 2026-09-06 01:00 America/Santiago", defer.Reason);
    }

    [Fact]
    public void A_weekly_cap_counts_from_monday_and_the_next_week_starts_on_monday_midnight()
    {
        var cap = Rules("""{"caps": {"email": {"perWeek": 2}}}""");
        var facts = Person(Warsaw, Sent(At(Warsaw, 2026, 12, 7, 0, 30)), Sent(At(Warsaw, 2026, 12, 9, 10)));

        var defer = Deferred(Decide(News, facts, cap, At(Warsaw, 2026, 12, 13, 23, 59)));

        Assert.Equal(At(Warsaw, 2026, 12, 14, 0), defer.Until);
        Assert.Equal("weekly e-mail cap of 2 reached; next week starts 2026-12-14 00:00 Europe/Warsaw", defer.Reason);
        Sends(Decide(News, facts, cap, At(Warsaw, 2026, 12, 14, 0)));
        Sends(Decide(News, Person(Warsaw, Sent(At(Warsaw, 2026, 12, 6, 23, 59)), Sent(At(Warsaw, 2026, 12, 9, 10))), cap, At(Warsaw, 2026, 12, 13, 23, 59)));
    }

    [Fact]
    public void A_weekly_cap_in_auckland_and_los_angeles_counts_their_own_weeks()
    {
        var cap = Rules("""{"caps": {"email": {"perWeek": 1}}}""");
        var sent = Utc(2026, 12, 6, 12); // Monday 01:00 in Auckland; Sunday 04:00 in Los Angeles
        var now = Utc(2026, 12, 7, 12); // Tuesday 01:00 in Auckland; Monday 04:00 in Los Angeles

        Assert.Equal(At(Auckland, 2026, 12, 14, 0), Deferred(Decide(News, Person(Auckland, Sent(sent)), cap, now)).Until);
        Sends(Decide(News, Person(LosAngeles, Sent(sent)), cap, now));
    }

    [Fact]
    public void A_monthly_cap_counts_the_persons_calendar_month()
    {
        var cap = Rules("""{"caps": {"email": {"perMonth": 1}}}""");
        var sent = Utc(2026, 12, 1, 4); // 30 November 20:00 in Los Angeles; 1 December in UTC and Auckland

        Sends(Decide(News, Person(LosAngeles, Sent(sent)), cap, Utc(2026, 12, 1, 11)));
        var utc = Deferred(Decide(News, Person("UTC", Sent(sent)), cap, Utc(2026, 12, 1, 11)));
        Assert.Equal(Utc(2027, 1, 1, 0), utc.Until);
        Assert.Equal("monthly e-mail cap of 1 reached; next month starts 2027-01-01 00:00 UTC", utc.Reason);
        Assert.Equal(Utc(2026, 12, 31, 11), Deferred(Decide(News, Person(Auckland, Sent(sent)), cap, Utc(2026, 12, 1, 11))).Until);
    }

    [Fact]
    public void Caps_are_per_channel()
    {
        var cap = Rules("""{"caps": {"sms": {"perDay": 1}}}""");
        var facts = Person(Warsaw, Sent(At(Warsaw, 2026, 12, 9, 9), Channel.Sms));

        Sends(Decide(News, facts, cap, At(Warsaw, 2026, 12, 9, 12)));
        Deferred(Decide(News with { Channel = Channel.Sms }, facts, cap, At(Warsaw, 2026, 12, 9, 12)));
    }

    [Fact]
    public void The_minimum_interval_counts_marketing_on_every_channel_but_not_transactional_messages()
    {
        var interval = Rules("""{"minimumInterval": "PT4H"}""");
        var sms = Person(Warsaw, Sent(At(Warsaw, 2026, 12, 9, 9), Channel.Sms));

        var defer = Deferred(Decide(News, sms, interval, At(Warsaw, 2026, 12, 9, 12)));
        Assert.Equal(At(Warsaw, 2026, 12, 9, 13), defer.Until);
        Assert.Equal(
            "minimum interval of PT4H between marketing messages; the last went 2026-12-09 09:00 Europe/Warsaw, the next may go from 2026-12-09 13:00 Europe/Warsaw",
            defer.Reason);
        Sends(Decide(News, sms, interval, At(Warsaw, 2026, 12, 9, 13)));
        Sends(Decide(News, Person(Warsaw, Sent(At(Warsaw, 2026, 12, 9, 11), topic: null, kind: MessageKind.Transactional)), interval, At(Warsaw, 2026, 12, 9, 12)));
    }

    [Fact]
    public void An_interval_of_a_day_keeps_the_local_time_across_the_change_to_summer_time()
    {
        var facts = Person(Warsaw, Sent(At(Warsaw, 2026, 3, 28, 10)));

        var defer = Deferred(Decide(News, facts, Rules("""{"minimumInterval": "P1D"}"""), At(Warsaw, 2026, 3, 29, 9, 30)));

        Assert.Equal(At(Warsaw, 2026, 3, 29, 10), defer.Until);
        Assert.Equal(TimeSpan.FromHours(23), defer.Until - At(Warsaw, 2026, 3, 28, 10));
    }

    [Theory]
    [InlineData(Frequency.Daily, 2026, 12, 9)]
    [InlineData(Frequency.Weekly, 2026, 12, 15)]
    [InlineData(Frequency.Monthly, 2027, 1, 8)]
    [InlineData(Frequency.Quarterly, 2027, 3, 8)]
    public void The_persons_frequency_lets_the_next_message_of_the_topic_go_from_the_start_of_the_day_it_comes_round(Frequency frequency, int year, int month, int day)
    {
        var facts = Person(Warsaw, Sent(At(Warsaw, 2026, 12, 8, 10))) with { Subscriptions = [Subscribed(frequency: frequency)] };

        var defer = Deferred(Decide(News, facts, ContactPolicy.None, At(Warsaw, 2026, 12, 8, 23)));

        Assert.Equal(At(Warsaw, year, month, day, 0), defer.Until);
        Sends(Decide(News, facts, ContactPolicy.None, defer.Until));
    }

    [Fact]
    public void Weekly_means_one_in_seven_days_not_one_per_calendar_week_and_only_for_that_topic_and_channel()
    {
        var facts = Person(Warsaw, Sent(At(Warsaw, 2026, 12, 13, 18))) with // a Sunday
        {
            Subscriptions = [Subscribed(frequency: Frequency.Weekly), Subscribed("offers"), Subscribed(channel: Channel.Sms)],
        };
        var monday = At(Warsaw, 2026, 12, 14, 9);

        Assert.Equal(At(Warsaw, 2026, 12, 20, 0), Deferred(Decide(News, facts, ContactPolicy.None, monday)).Until);
        Sends(Decide(News with { Topic = "offers" }, facts, ContactPolicy.None, monday));
        Sends(Decide(News with { Channel = Channel.Sms }, facts, ContactPolicy.None, monday));
        Sends(Decide(News, facts with { Subscriptions = [Subscribed()] }, ContactPolicy.None, monday)); // as sent: no limit
    }

    [Fact]
    public void Monthly_from_the_last_day_of_a_long_month_comes_round_on_the_last_day_of_a_short_one()
    {
        var facts = Person(Warsaw, Sent(At(Warsaw, 2027, 1, 31, 10))) with { Subscriptions = [Subscribed(frequency: Frequency.Monthly)] };

        Assert.Equal(At(Warsaw, 2027, 2, 28, 0), Deferred(Decide(News, facts, ContactPolicy.None, At(Warsaw, 2027, 2, 10, 9))).Until);
    }
}

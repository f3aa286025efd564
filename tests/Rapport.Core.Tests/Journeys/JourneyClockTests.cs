using NodaTime;
using Rapport.Core.Journeys;
using static Rapport.Core.Tests.Journeys.Journeys;

namespace Rapport.Core.Tests.Journeys;

/// <summary>Waits end at the right minute in the contact's time zone, across daylight-saving changes.</summary>
public sealed class JourneyClockTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    // Berlin moves to summer time on Sunday 2027-03-28 at 02:00 (UTC+1 → UTC+2), back on Sunday 2027-10-31 at 03:00.
    private static readonly DateTimeOffset SaturdayMorning = new(2027, 3, 27, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_day_across_the_change_to_summer_time_ends_at_the_same_local_time_23_hours_later()
    {
        var end = Period("P1D").After(SaturdayMorning, Berlin);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 9, 0, 0, TimeSpan.FromHours(2)), end);
        Assert.Equal(TimeSpan.FromHours(23), end - SaturdayMorning);
    }

    [Fact]
    public void Hours_are_elapsed_time_across_the_change()
    {
        Assert.Equal(TimeSpan.FromHours(24), Period("PT24H").After(SaturdayMorning, Berlin) - SaturdayMorning);
    }

    [Fact]
    public void A_month_keeps_the_local_time_of_day()
    {
        Assert.Equal(new DateTimeOffset(2027, 4, 27, 9, 0, 0, TimeSpan.FromHours(2)), Period("P1M").After(SaturdayMorning, Berlin));
    }

    [Fact]
    public void Until_a_time_of_day_is_the_next_such_time_in_the_contacts_zone()
    {
        var at = JourneyClock.NextLocalTime(SaturdayMorning.AddHours(1), Berlin, new LocalTime(9, 0), new HashSet<IsoDayOfWeek>());

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 7, 0, 0, TimeSpan.Zero), at.ToUniversalTime());
    }

    [Fact]
    public void A_time_in_the_spring_gap_is_taken_as_the_moment_after_it_and_a_time_that_comes_twice_as_the_first()
    {
        var gap = JourneyClock.NextLocalTime(SaturdayMorning, Berlin, new LocalTime(2, 30), new HashSet<IsoDayOfWeek>());
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), gap.ToUniversalTime()); // 03:30 summer time

        var autumn = new DateTimeOffset(2027, 10, 30, 12, 0, 0, TimeSpan.FromHours(2));
        var twice = JourneyClock.NextLocalTime(autumn, Berlin, new LocalTime(2, 30), new HashSet<IsoDayOfWeek>());
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), twice.ToUniversalTime()); // 02:30 summer time, the first
    }

    [Fact]
    public void Until_a_weekday_skips_the_other_days()
    {
        var monday = JourneyClock.NextLocalTime(SaturdayMorning, Berlin, new LocalTime(8, 0), new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Monday });

        Assert.Equal(new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.FromHours(2)), monday);
    }

    [Fact]
    public void Contacts_in_different_zones_get_their_own_nine_oclock()
    {
        var now = new DateTimeOffset(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var nine = new WaitUntil.LocalTimeOfDay(new LocalTime(9, 0), new HashSet<IsoDayOfWeek>());

        Assert.Equal(new DateTimeOffset(2027, 6, 2, 7, 0, 0, TimeSpan.Zero), JourneyClock.End(nine, now, Berlin, []).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 6, 1, 13, 0, 0, TimeSpan.Zero),
            JourneyClock.End(nine, now, JourneyClock.Zone("America/New_York"), []).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 6, 2, 0, 0, 0, TimeSpan.Zero), JourneyClock.End(nine, now, JourneyClock.Zone("Asia/Tokyo"), []).ToUniversalTime());
    }

    [Fact]
    public void A_profile_date_minus_fourteen_days_at_nine_and_a_missing_or_passed_date_goes_on_at_once()
    {
        var until = new WaitUntil.ProfileDate("traits.serviceDue", -14, new LocalTime(9, 0));
        var now = new DateTimeOffset(2027, 5, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.FromHours(2)),
            JourneyClock.End(until, now, Berlin, new() { ["serviceDue"] = "2027-06-15" }));
        Assert.Equal(now, JourneyClock.End(until, now, Berlin, []));
        Assert.Equal(now, JourneyClock.End(until, now, Berlin, new() { ["serviceDue"] = "2027-04-01" }));
        Assert.Equal(now, JourneyClock.End(until, now, Berlin, new() { ["serviceDue"] = "soon" }));
        Assert.Equal(now, JourneyClock.End(until with { OffsetDays = 3650 }, now, Berlin, new() { ["serviceDue"] = "9999-12-31" })); // not a date anyone means
    }

    [Fact]
    public void Waits_seen_late_follow_one_another_on_the_instances_clock()
    {
        var journey = Journey(new WaitNode("one", new WaitUntil.ForPeriod(Period("P1D")), "two"),
            new WaitNode("two", new WaitUntil.ForPeriod(Period("P1D")), "send"), Send("send", "done"), new Rapport.Core.Journeys.ExitNode("done"));

        var step = Step(journey, Entered(journey), Facts(), Start.AddDays(3)); // the node was down for three days

        Assert.Equal([Start.AddDays(1), Start.AddDays(2)], step.Records.Where(r => r.Kind == StepKind.Waited).Select(r => r.At));
        Assert.Single(step.Messages);
    }

    [Fact]
    public void A_daily_loop_through_a_wait_until_nine_sends_once_a_day()
    {
        var nine = new WaitUntil.LocalTimeOfDay(new LocalTime(9, 0), new HashSet<IsoDayOfWeek>());
        var journey = Journey(new WaitNode("nine", nine, "tip"), Send("tip", "nine"));

        var step = Step(journey, Entered(journey), Facts(), Start.AddDays(2).AddHours(12)); // 08:00 on day 0; now 20:00 on day 2

        Assert.Equal([Start.AddHours(1), Start.AddDays(1).AddHours(1), Start.AddDays(2).AddHours(1)],
            step.Records.Where(r => r.Kind == StepKind.Waited).Select(r => r.At));
        Assert.Equal(3, step.Messages.Count);
        Assert.Equal((InstanceStatus.Active, Start.AddDays(3).AddHours(1)), (step.Instance.Status, step.Instance.DueAt));
    }

    [Theory]
    [InlineData("PT30S", true)]
    [InlineData("P14D", true)]
    [InlineData("P6M", true)]
    [InlineData("P1Y2M3DT4H", true)]
    [InlineData("P11Y", false)]
    [InlineData("PT0S", false)]
    [InlineData("14 days", false)]
    [InlineData("-P1D", false)]
    [InlineData("P99999999D", false)]
    [InlineData("PT9999999999999H", false)]
    [InlineData("P1DT-1H", false)]
    [InlineData("P3650D", true)]
    public void Periods_are_ISO_8601_up_to_ten_years(string text, bool valid)
    {
        Assert.Equal(valid, JourneyPeriod.Parse(text) is not null);
    }
}

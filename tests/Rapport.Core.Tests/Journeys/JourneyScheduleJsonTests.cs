using System.Text.Json;
using Rapport.Core.Journeys;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Journeys;

/// <summary>Broadcast and date triggers read from JSON, and the times they come.</summary>
public sealed class JourneyScheduleJsonTests
{
    private static (JourneyTrigger? Trigger, FieldErrors Errors) Read(string trigger)
    {
        var errors = new FieldErrors();
        var journey = JourneyJson.Read(JsonDocument.Parse($$"""
            {"key": "k", "name": "K", "triggers": [{{trigger}}], "nodes": [{"id": "done", "type": "exit"}]}
            """).RootElement, errors);
        return (journey?.Triggers[0], errors);
    }

    [Fact]
    public void A_monthly_broadcast_comes_at_nine_in_its_zone_on_each_first()
    {
        var (trigger, errors) = Read("""{"broadcast": {"segment": "readers", "cron": "0 9 1 * *", "timeZone": "Europe/Warsaw"}}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        var broadcast = Assert.IsType<BroadcastTrigger>(trigger);
        var times = broadcast.Between(new DateTimeOffset(2027, 1, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 4, 1, 7, 0, 0, TimeSpan.Zero)).ToList();
        Assert.Equal([new DateTimeOffset(2027, 2, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 4, 1, 7, 0, 0, TimeSpan.Zero)], times); // summer time in April
        Assert.Equal(["readers"], JourneyReferences.Segments(JourneyJson.Read(JsonDocument.Parse(
            """{"key": "k", "name": "K", "triggers": [{"broadcast": {"segment": "readers", "at": "2027-01-05T09:00:00+01:00"}}], "nodes": [{"id": "d", "type": "exit"}]}""").RootElement, new FieldErrors())!));
    }

    [Fact]
    public void A_yearly_date_comes_on_its_anniversary_and_february_29_on_the_28th_in_other_years()
    {
        var (trigger, _) = Read("""{"date": {"trait": "traits.birthday", "time": "10:00", "yearly": true}}""");
        var birthday = Assert.IsType<DateTrigger>(trigger);

        var moment = birthday.MomentBetween(new() { ["birthday"] = "1992-02-29" }, NodaTime.DateTimeZone.Utc,
            new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 10, 0, 0, TimeSpan.Zero), moment);
    }

    [Theory]
    [InlineData("""{"broadcast": {"segment": "s", "cron": "every monday", "timeZone": "UTC"}}""", "triggers[0].broadcast.cron")]
    [InlineData("""{"broadcast": {"segment": "s", "cron": "0 9 * * 1"}}""", "triggers[0].broadcast.timeZone")]
    [InlineData("""{"broadcast": {"segment": "s", "cron": "0 9 * * 1", "timeZone": "Mars/Olympus"}}""", "triggers[0].broadcast.timeZone")]
    [InlineData("""{"broadcast": {"segment": "s", "at": "tomorrow"}}""", "triggers[0].broadcast.at")]
    [InlineData("""{"broadcast": {"at": "2027-01-05T09:00:00Z"}}""", "triggers[0].broadcast.segment")]
    [InlineData("""{"date": {"trait": "traits.due", "time": "9 am"}}""", "triggers[0].date.time")]
    [InlineData("""{"date": {"trait": "traits.due", "time": "09:00", "every": "year"}}""", "triggers[0].date.every")]
    public void Wrong_timed_triggers_name_the_path(string trigger, string path)
    {
        var (_, errors) = Read(trigger);

        Assert.Contains(path, errors.ToDictionary().Keys);
    }
}

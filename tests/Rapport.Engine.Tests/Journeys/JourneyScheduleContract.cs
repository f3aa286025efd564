using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Core.Journeys;
using Rapport.Engine.Journeys;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>Broadcasts to a segment (once, or by a cron expression in a time zone) and dates in the profile enter people when their time comes.</summary>
public abstract class JourneyScheduleContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    private static string Journey(string trigger) => $$"""
        {"name": "Timed", "triggers": [{{trigger}}], "entry": {"again": "PT1M"},
         "nodes": [{"id": "hello", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Hello", "text": "Hello"}, "next": "done"},
                   {"id": "done", "type": "exit"}]}
        """;

    private async Task<(int Ws, JourneyRig Rig)> WorkspaceAsync()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await rig.RunUntilQuietAsync();
        return (ws, rig);
    }

    private async Task<long> PersonAsync(int ws, JsonObject traits, string? timeZone = null) =>
        (await store.Contacts.AddAsync(ws, Some.Contact(Now, Some.Id("p"), Some.Email()) with { Traits = traits, TimeZone = timeZone }, Ct))!.Id;

    private async Task<int> EntriesAsync(JourneyRig rig, int ws, long contact) => (await rig.Journeys.OfContactAsync(ws, contact, false, Ct)).Count;

    [Fact]
    public async Task A_broadcast_at_a_time_enters_every_member_of_its_segment_once_when_the_time_comes()
    {
        var (ws, rig) = await WorkspaceAsync();
        var members = new[] { await PersonAsync(ws, new() { ["plan"] = "pro" }), await PersonAsync(ws, new() { ["plan"] = "pro" }) };
        var other = await PersonAsync(ws, new() { ["plan"] = "free" });
        await store.Segments.SaveAsync(ws, "pros", "Pros", """{"key": "pros", "name": "Pros", "condition": {"trait": "traits.plan", "op": "eq", "value": "pro"}}""", Now, Ct);
        var at = Now.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
        await rig.ActivateAsync(ws, "launch", Journey($$$"""{"broadcast": {"segment": "pros", "at": "{{{at}}}"}}"""));

        await rig.PassAsync(TimeSpan.FromHours(1));
        Assert.Equal(0, await EntriesAsync(rig, ws, members[0]));

        await rig.PassAsync(TimeSpan.FromHours(1) + JourneyWorker.ScheduleEvery);
        await rig.PassAsync(TimeSpan.FromDays(1)); // and never again, though the journey may be entered again after a minute
        foreach (var member in members)
        {
            Assert.Equal(1, await EntriesAsync(rig, ws, member));
            Assert.Single(await rig.MessagesAsync(ws, member));
        }

        Assert.Equal(0, await EntriesAsync(rig, ws, other));
    }

    [Fact]
    public async Task A_monthly_broadcast_goes_at_nine_in_its_time_zone_on_the_first_of_each_month()
    {
        var (ws, rig) = await WorkspaceAsync();
        var reader = await PersonAsync(ws, new() { ["newsletter"] = true });
        await store.Segments.SaveAsync(ws, "readers", "Readers", """{"key": "readers", "name": "Readers", "condition": {"trait": "traits.newsletter", "op": "eq", "value": true}}""", Now, Ct);
        await rig.ActivateAsync(ws, "monthly", Journey("""{"broadcast": {"segment": "readers", "cron": "0 9 1 * *", "timeZone": "Europe/Warsaw"}}"""));
        var firstOfNextMonth = new DateTimeOffset(Now.Year, Now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var nineInWarsaw = JourneyClock.At(NodaTime.LocalDate.FromDateTime(firstOfNextMonth.UtcDateTime), new NodaTime.LocalTime(9, 0), JourneyClock.Zone("Europe/Warsaw"));

        await rig.PassAsync(nineInWarsaw - Now - TimeSpan.FromMinutes(2));
        Assert.Equal(0, await EntriesAsync(rig, ws, reader));
        await rig.PassAsync(TimeSpan.FromMinutes(2) + JourneyWorker.ScheduleEvery);
        var instance = Assert.Single(await rig.Journeys.OfContactAsync(ws, reader, false, Ct));
        Assert.Equal(nineInWarsaw, instance.Trigger!.Timestamp);

        await rig.PassAsync(TimeSpan.FromDays(32)); // the next month's
        Assert.Equal(2, await EntriesAsync(rig, ws, reader));
    }

    [Fact]
    public async Task A_service_due_date_enters_each_contact_fourteen_days_before_at_nine_in_their_own_time_zone()
    {
        var (ws, rig) = await WorkspaceAsync();
        var due = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tokyo = await PersonAsync(ws, new() { ["serviceDue"] = due }, "Asia/Tokyo");
        var newYork = await PersonAsync(ws, new() { ["serviceDue"] = due }, "America/New_York");
        var noDate = await PersonAsync(ws, new() { ["plan"] = "pro" });
        await rig.ActivateAsync(ws, "service", Journey("""{"date": {"trait": "traits.serviceDue", "offsetDays": -14, "time": "09:00"}}"""));

        var day = NodaTime.LocalDate.FromDateTime(Now.UtcDateTime).PlusDays(6);
        var inTokyo = JourneyClock.At(day, new NodaTime.LocalTime(9, 0), JourneyClock.Zone("Asia/Tokyo"));
        var inNewYork = JourneyClock.At(day, new NodaTime.LocalTime(9, 0), JourneyClock.Zone("America/New_York"));
        await rig.PassAsync(inTokyo - Now + JourneyWorker.ScheduleEvery);
        Assert.Equal((1, 0), (await EntriesAsync(rig, ws, tokyo), await EntriesAsync(rig, ws, newYork)));

        await rig.PassAsync(inNewYork - Now + JourneyWorker.ScheduleEvery);
        Assert.Equal((1, 1, 0), (await EntriesAsync(rig, ws, tokyo), await EntriesAsync(rig, ws, newYork), await EntriesAsync(rig, ws, noDate)));
        Assert.Equal(inNewYork, Assert.Single(await rig.Journeys.OfContactAsync(ws, newYork, false, Ct)).Trigger!.Timestamp);
    }

    [Fact]
    public async Task A_birthday_comes_every_year()
    {
        var (ws, rig) = await WorkspaceAsync();
        var soon = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(3);
        var person = await PersonAsync(ws, new() { ["birthday"] = $"1990-{soon:MM-dd}" });
        await rig.ActivateAsync(ws, "birthday", Journey("""{"date": {"trait": "traits.birthday", "time": "10:00", "yearly": true}}"""));

        await rig.PassAsync(TimeSpan.FromDays(4));
        Assert.Equal(1, await EntriesAsync(rig, ws, person));
        await rig.PassAsync(TimeSpan.FromDays(200));
        await rig.PassAsync(TimeSpan.FromDays(165));
        Assert.Equal(2, await EntriesAsync(rig, ws, person));
    }
}

public sealed class JourneyScheduleOnSqlite(SqliteStores store) : JourneyScheduleContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyScheduleOnPostgres(PostgresStores store) : JourneyScheduleContract(store), IClassFixture<PostgresStores>;

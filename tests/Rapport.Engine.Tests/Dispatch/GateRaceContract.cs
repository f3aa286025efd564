using System.Text.Json.Nodes;
using NodaTime;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Storage;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Dispatch;

/// <summary>
/// Two nodes dispatching at once on one database (PostgreSQL: each with its own pool, as two processes have; SQLite: one
/// process's writer) never both let a message past a cap: the gate decides under the person's lock and a message counts
/// from the moment it is let go. Over random interleavings of consent changes, suppressions, policy changes and sends,
/// no message reaches a suppressed or unsubscribed person and no cap or minimum interval is exceeded. Seeds are fixed.
/// </summary>
public abstract class GateRaceContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<int> Seeds { get; } = [.. Enumerable.Range(1, 12)];

    [Fact]
    public async Task Two_dispatchers_let_exactly_one_of_many_messages_to_one_person_past_a_cap_of_one_a_day_and_defer_the_rest()
    {
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        await rig.PolicyAsync(ws, """{"caps": {"email": {"perDay": 1}}, "minimumInterval": null, "quietHours": {}}""");
        var person = await rig.PersonAsync(ws, "Europe/Warsaw", "news");
        var ids = new List<long>();
        for (var i = 0; i < 150; i++)
        {
            ids.Add(await rig.QueueAsync(ws, person, "news"));
        }

        await BothNodesAsync(rig, async other => await Task.WhenAll(Task.Run(rig.DispatchAsync), Task.Run(() => other.DispatchDueAsync(Ct))));

        Assert.Single(rig.Sent);
        var states = new List<string>();
        foreach (var id in ids)
        {
            states.Add((await rig.StateAsync(id)).Status);
        }

        Assert.Equal([("deferred", 149), ("sent", 1)], states.CountBy(s => s).Select(c => (c.Key, c.Value)).Order());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Across_random_interleavings_no_message_reaches_a_suppressed_or_unsubscribed_person_and_no_cap_is_exceeded(int seed)
    {
        var random = new Random(seed);
        var rig = new GateRig(store);
        var ws = (await store.NewWorkspaceAsync()).Id;
        string[] topics = ["news", "offers"];
        string[] zones = ["UTC", "Europe/Warsaw", "America/Santiago"];
        var people = new List<(long Id, string Email, DateTimeZone Zone)>();
        var subscribed = new HashSet<(int, string)>();
        for (var p = 0; p < 3; p++)
        {
            var zone = zones[random.Next(zones.Length)];
            var (id, email) = await rig.PersonAsync(ws, zone, topics);
            people.Add((id, email, DateTimeZoneProviders.Tzdb[zone]));
            subscribed.UnionWith(topics.Select(t => (p, t)));
        }

        var suppressed = new HashSet<int>();
        var messages = new Dictionary<long, (int Person, string? Topic)>();
        var policy = (PerDay: 2, PerWeek: (int?)null, Interval: (TimeSpan?)null);
        var sends = new List<(int Person, bool Marketing, DateTimeOffset At)>();
        var log = new List<string>();

        await BothNodesAsync(rig, async other =>
        {
            for (var step = 0; step < 60; step++)
            {
                var (p, topic, roll) = (random.Next(people.Count), topics[random.Next(topics.Length)], random.Next(100));
                var person = (people[p].Id, people[p].Email);
                if (roll < 35)
                {
                    messages[await rig.QueueAsync(ws, person, topic, whenBlocked: random.Next(4) == 0 ? "skip" : "wait")] = (p, topic);
                    log.Add($"queue {topic} to {p}");
                }
                else if (roll < 42)
                {
                    messages[await rig.QueueAsync(ws, person, null, MessagePurposes.Transactional)] = (p, null);
                    log.Add($"queue a receipt to {p}");
                }
                else if (roll < 55)
                {
                    var granted = subscribed.Add((p, topic)) || !subscribed.Remove((p, topic));
                    await rig.ConsentAsync(ws, person.Id, topic, granted ? ConsentAction.Grant : ConsentAction.Withdraw);
                    log.Add($"{(granted ? "grant" : "withdraw")} {topic} for {p}");
                }
                else if (roll < 58)
                {
                    suppressed.Add(p);
                    await store.Suppressions.AddAsync(ws, SuppressionKind.Email, person.Email, SuppressionReason.Complaint, rig.Now, Ct);
                    log.Add($"suppress {p}");
                }
                else if (roll < 65)
                {
                    policy = (random.Next(1, 4), random.Next(2) == 0 ? null : random.Next(2, 6), random.Next(2) == 0 ? null : TimeSpan.FromHours(2));
                    var caps = new JsonObject { ["perDay"] = policy.PerDay, ["perWeek"] = policy.PerWeek };
                    if (policy.PerWeek is null)
                    {
                        caps.Remove("perWeek");
                    }

                    await rig.PolicyAsync(ws, new JsonObject
                    {
                        ["caps"] = new JsonObject { ["email"] = caps }, ["minimumInterval"] = policy.Interval is null ? null : "PT2H", ["quietHours"] = new JsonObject(),
                    }.ToJsonString());
                    log.Add($"policy {policy}");
                }
                else if (roll < 85)
                {
                    var before = rig.Sent.Count;
                    await Task.WhenAll(Task.Run(rig.DispatchAsync), Task.Run(() => other.DispatchDueAsync(Ct)));
                    foreach (var id in rig.Sent.Skip(before))
                    {
                        var (to, about) = messages[id];
                        var marketing = about is not null;
                        log.Add($"sent {id} ({about ?? "receipt"}) to {to} at {rig.Now:u}");
                        var why = $"seed {seed}, message {id}:\n{string.Join('\n', log)}";
                        Assert.False(suppressed.Contains(to), $"sent to a suppressed person; {why}");
                        Assert.True(!marketing || subscribed.Contains((to, about!)), $"marketing sent to a person not subscribed; {why}");
                        if (marketing)
                        {
                            var zone = people[to].Zone;
                            var day = Local(rig.Now, zone);
                            var earlier = sends.Where(s => s.Person == to && s.Marketing).ToList();
                            Assert.True(earlier.Count(s => Local(s.At, zone) == day) < policy.PerDay, $"over the cap of {policy.PerDay} a day; {why}");
                            var monday = day.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
                            Assert.True(policy.PerWeek is not { } perWeek || earlier.Count(s => Local(s.At, zone) >= monday) < perWeek, $"over the cap of {policy.PerWeek} a week; {why}");
                            Assert.True(policy.Interval is not { } gap || earlier.All(s => rig.Now - s.At >= gap), $"within the minimum interval; {why}");
                        }

                        sends.Add((to, marketing, rig.Now));
                    }
                }
                else
                {
                    store.Clock.Advance(TimeSpan.FromMinutes(random.Next(5, 30 * 60)));
                    log.Add($"now {rig.Now:u}");
                }
            }
        });

        Assert.Contains(sends, s => s.Marketing); // the case sent marketing at all
    }

    private static LocalDate Local(DateTimeOffset at, DateTimeZone zone) => Instant.FromDateTimeOffset(at).InZone(zone).Date;

    /// <summary>
    /// Runs <paramref name="run"/> with a second node's dispatcher: on PostgreSQL on a database of its own (its own pool,
    /// as another process has); on SQLite, whose single writer serialises a process's writes, on the same one.
    /// </summary>
    private async Task BothNodesAsync(GateRig rig, Func<Rapport.Engine.Dispatch.Dispatcher, Task> run)
    {
        var second = store.Db.Dialect == Dialect.Postgres ? new Database(store.Options) : store.Db;
        try
        {
            await run(rig.DispatcherOn(second));
        }
        finally
        {
            if (second != store.Db)
            {
                await second.DisposeAsync();
            }
        }
    }
}

public sealed class GateRaceOnSqlite(SqliteStores store) : GateRaceContract(store), IClassFixture<SqliteStores>;

public sealed class GateRaceOnPostgres(PostgresStores store) : GateRaceContract(store), IClassFixture<PostgresStores>;

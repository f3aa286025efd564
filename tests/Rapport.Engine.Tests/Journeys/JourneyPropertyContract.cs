using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// Random journeys (<see cref="RandomJourneys"/>: sends, waits, wait-fors with a timeout, branches on a trait, splits,
/// holdouts, actions that set a trait or emit an event, exits) run twice over the same random events: by the workers
/// through the store on a fake clock, and by Core's stepper alone in memory. Every person must take the same path on
/// both (each step's node, kind, edge and time), end in the same status, and get the same messages from each send
/// node: the store, the ingest, the queue, the timers and the SQL of the conditions add nothing and lose nothing.
/// The seeds are fixed, so a failure is the same on every run; it names the seed and prints the case.
/// </summary>
public abstract class JourneyPropertyContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<int> Seeds { get; } = [.. Enumerable.Range(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_random_journey_takes_the_same_paths_through_the_store_as_in_the_stepper_alone(int seed)
    {
        var journeyCase = RandomJourneys.Case(seed);
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        var people = new List<Contact>();
        foreach (var person in journeyCase.People)
        {
            var traits = person.Tier is null ? new JsonObject() : new JsonObject { ["tier"] = person.Tier };
            people.Add((await store.Contacts.GetAsync(ws, await rig.SubscriberAsync(ws, "news", person.TimeZone, traits), Ct))!);
        }

        var definition = await rig.ActivateAsync(ws, "random", journeyCase.Journey.ToJsonString());
        await rig.RunUntilQuietAsync();
        var start = store.Clock.GetUtcNow();

        var stored = new StoredJourneyRun(rig, ws, people);
        await journeyCase.DriveAsync(start, stored);
        var memory = new MemoryJourneyRun(definition, people);
        await journeyCase.DriveAsync(start, memory);
        await rig.Journeys.SetStatusAsync(ws, "random", JourneyStatus.Paused, store.Clock.GetUtcNow(), Ct); // its timers leave the next cases alone

        var expected = memory.Paths(start);
        var actual = await stored.PathsAsync(start);
        var differing = Enumerable.Range(0, people.Count).Where(i => !expected[i].SequenceEqual(actual[i])).ToList();
        if (differing.Count > 0)
        {
            Assert.Fail($"The store and the stepper disagree on person {string.Join(", ", differing)} of {journeyCase}\n"
                + string.Join('\n', differing.Select(i => $"--- person {i}, in memory:\n{string.Join('\n', expected[i])}\n--- person {i}, through the store:\n{string.Join('\n', actual[i])}")));
        }

        Assert.Contains(expected, path => path.Count > 0); // someone went through the journey
        if (memory.Instances.FirstOrDefault(i => i.Status == InstanceStatus.Exited) is { } cut)
        {
            // The journey has no exit rule and nobody withdraws: only the stepper's limit on nodes passed without a wait exits.
            Assert.Fail($"Instance {cut.Id} exited: {cut.EndReason}, though every loop of the journey waits: {journeyCase}");
        }
    }
}

public sealed class JourneyPropertyOnSqlite(SqliteStores store) : JourneyPropertyContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyPropertyOnPostgres(PostgresStores store) : JourneyPropertyContract(store), IClassFixture<PostgresStores>;

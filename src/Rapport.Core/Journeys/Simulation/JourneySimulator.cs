namespace Rapport.Core.Journeys.Simulation;

/// <summary>
/// Runs a journey for made-up or real people on a fake clock, sending and storing nothing: each enters at the start
/// (on a trigger event like the journey's first, or through the API when it has none), then the clock jumps to the
/// instance's next due time or the next thing the person does, whichever comes first, until the end of the simulation.
/// Every step is <see cref="JourneyStepper"/>'s, so the paths are those the journey would take. Conditions are the
/// person's answers; sends get made-up message ids that the responses name; emitted events join the person's timeline
/// (traits and consent the actions would change are not). The same settings and seed give the same paths.
/// </summary>
public static class JourneySimulator
{
    /// <summary>The most people one simulation takes.</summary>
    public const int MostPeople = 1000;

    /// <summary>
    /// About the most steps recorded for one person: a journey that loops (a weekly reminder for years) is cut there,
    /// so that a simulation of <see cref="MostPeople"/> stays a few hundred thousand steps.
    /// </summary>
    public const int MostSteps = 250;

    public static Simulation Run(JourneyDefinition journey, IReadOnlyList<SimulatedPerson> people, SimulationSettings settings)
    {
        var paths = new List<SimulatedPath>(people.Count);
        var firstMessage = 1L;
        foreach (var person in people)
        {
            var path = new PersonRun(journey, person, settings, firstMessage).Go();
            firstMessage += path.Messages.Count;
            paths.Add(path);
        }

        return new Simulation(settings, paths, SimulationSummary.Of(paths));
    }
}

/// <summary>When a simulation starts, for how many days it runs, how the people answer, and the seed of its chances.</summary>
public sealed record SimulationSettings
{
    /// <summary>The longest simulation: ten years.</summary>
    public const int MostDays = 3650;

    public SimulationSettings(DateTimeOffset start, int days, ResponseModel responses, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MostDays);
        (Start, Days, Responses, Seed) = (start, days, responses, seed);
    }

    public DateTimeOffset Start { get; }

    public int Days { get; }

    public ResponseModel Responses { get; }

    public int Seed { get; }

    /// <summary>The end of the simulation (<see cref="Days"/> times 24 hours after the start): nothing happens after it.</summary>
    public DateTimeOffset End => Start.AddDays(Days);
}

using System.Text.Json.Nodes;
using NodaTime;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>
/// Someone a simulation takes through a journey: the contact id (splits and holdouts hash it), their time zone and
/// traits (waits are worked out with them), the events already on their timeline (one after the start comes at its
/// time), the answer to each of the journey's conditions by <see cref="JourneyDefinition.ConditionKey"/> (one not given
/// is false; the audience is <see cref="JourneyDefinition.AudienceKey"/>) and where they stand with the journey's topic.
/// </summary>
public sealed record SimulatedPerson(
    long ContactId,
    DateTimeZone Zone,
    JsonObject Traits,
    IReadOnlyList<JourneyEvent> Events,
    IReadOnlyDictionary<string, bool> Conditions,
    TopicConsent Consent)
{
    /// <summary>The time zones sample people live in.</summary>
    public static readonly IReadOnlyList<string> SampleZones =
        ["Europe/London", "Europe/Amsterdam", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];

    /// <summary>
    /// <paramref name="count"/> made-up people, contacts 1 to <paramref name="count"/>, each in one of
    /// <see cref="SampleZones"/> (picked with <paramref name="seed"/>): no traits and no events, in the journey's audience,
    /// subscribed to its topic, and meeting none of its branch conditions (each branch takes its default).
    /// </summary>
    public static IReadOnlyList<SimulatedPerson> Sample(JourneyDefinition journey, int count, int seed)
    {
        var random = new Random(seed);
        var conditions = new Dictionary<string, bool>(StringComparer.Ordinal) { [JourneyDefinition.AudienceKey] = true };
        var consent = journey.Topic is null ? TopicConsent.None : TopicConsent.Subscribed;
        return Enumerable.Range(1, count)
            .Select(id => new SimulatedPerson(id, DateTimeZoneProviders.Tzdb[SampleZones[random.Next(SampleZones.Count)]], [], [], conditions, consent))
            .ToList();
    }
}

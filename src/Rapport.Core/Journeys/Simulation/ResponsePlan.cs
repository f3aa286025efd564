using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>
/// An event a simulated person will do: it joins their timeline when the clock reaches it. One that answers
/// <paramref name="AnswersNewest"/> names, as it comes, the newest message of that channel requested by then.
/// </summary>
internal sealed record Planned(JourneyEvent Event, Channel? AnswersNewest);

/// <summary>
/// What one simulated person does, from the response model: their own events after the start, the script's, and
/// those drawn by chance with the person's own seeded random numbers (the seed and the contact id: a person's draws do
/// not depend on who else is simulated). Scripted and random events carry the trigger's properties under their own,
/// so an answer correlated to the trigger (the cartId of a checkout) is answered.
/// </summary>
internal sealed class ResponsePlan(JourneyDefinition journey, SimulatedPerson person, SimulationSettings settings)
{
    private readonly Random _random = new(unchecked((int)((settings.Seed * 1_000_003L) ^ person.ContactId)));
    private int _events;

    /// <summary>A made-up event of the person, with an id of its own.</summary>
    public JourneyEvent Event(string name, DateTimeOffset at, JsonObject properties) =>
        new($"simulated:{person.ContactId}:{++_events}", name, at, properties);

    /// <summary>What the person does from the start on, whatever the journey sends.</summary>
    public List<Planned> AtEntry(JsonObject trigger)
    {
        var start = settings.Start;
        var planned = person.Events.Where(e => e.Timestamp > start).Select(e => new Planned(e, null)).ToList();
        foreach (var scripted in settings.Responses.Script.OfType<ScriptedEvent>())
        {
            var answers = scripted.Properties.ContainsKey(Responses.MessageIdProperty) ? null : ChannelAnswered(scripted.EventName);
            planned.Add(new Planned(Event(scripted.EventName, scripted.After.After(start, person.Zone), TraitMerge.Overwrite(trigger, scripted.Properties)), answers));
        }

        foreach (var (name, chance) in (settings.Responses.Rates?.Events ?? new Dictionary<string, double>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (_random.NextDouble() < chance)
            {
                var at = start + ((settings.End - start) * _random.NextDouble());
                planned.Add(new Planned(Event(name, at, TraitMerge.Overwrite(trigger, [])), ChannelAnswered(name)));
            }
        }

        return planned;
    }

    /// <summary>The responses to a message send node <paramref name="send"/> requested at <paramref name="at"/>.</summary>
    public List<Planned> OnSend(SendNode send, long messageId, DateTimeOffset at)
    {
        var planned = settings.Responses.Script.OfType<ScriptedReply>().Where(r => r.Node == send.Id)
            .Select(r => new Planned(Event(Responses.EventName(send.Channel, r.Response), r.After.After(at, person.Zone), Naming(messageId)), null))
            .ToList();
        if (settings.Responses.Rates is { } rates)
        {
            var window = WaitAfter(send, at) - at;
            foreach (var (response, chance) in rates.Responses.OrderBy(r => r.Key))
            {
                if (_random.NextDouble() < chance)
                {
                    planned.Add(new Planned(Event(Responses.EventName(send.Channel, response), at + (window * _random.NextDouble()), Naming(messageId)), null));
                }
            }
        }

        return planned;
    }

    /// <summary>When the wait right after the send ends for the person; a day after it when no wait follows.</summary>
    private DateTimeOffset WaitAfter(SendNode send, DateTimeOffset at) => journey.Node(send.Next) switch
    {
        WaitNode wait => JourneyClock.End(wait.Until, at, person.Zone, person.Traits),
        WaitForNode waitFor => waitFor.Timeout.After(at, person.Zone),
        _ => at.AddDays(1), // not a closed switch: every other node leads on at once
    };

    private static JsonObject Naming(long messageId) => new() { [Responses.MessageIdProperty] = messageId };

    /// <summary>The channel whose messages an event of this name answers ("Email Clicked": e-mail), if it is a response.</summary>
    private static Channel? ChannelAnswered(string name) =>
        Enum.GetValues<Channel>().Where(c => Enum.GetValues<Response>().Any(r => Responses.EventName(c, r) == name)).Select(c => (Channel?)c).FirstOrDefault();
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Segments;

namespace Rapport.Core.Journeys.Simulation;

/// <summary>One person's way through a simulated journey (see <see cref="JourneySimulator"/>).</summary>
internal sealed class PersonRun
{
    private readonly JourneyDefinition _journey;
    private readonly SimulatedPerson _person;
    private readonly SimulationSettings _settings;
    private readonly long _firstMessage;
    private readonly ResponsePlan _plan;
    private readonly List<Planned> _planned = [];
    private readonly List<JourneyEvent> _came = [];
    private readonly List<SentMessage> _sent = [];
    private readonly List<SimulatedMessage> _messages = [];
    private readonly List<StepRecord> _steps = [];
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);
    private List<JourneyEvent> _timeline;

    public PersonRun(JourneyDefinition journey, SimulatedPerson person, SimulationSettings settings, long firstMessage)
    {
        (_journey, _person, _settings, _firstMessage) = (journey, person, settings, firstMessage);
        _plan = new ResponsePlan(journey, person, settings);
        _timeline = [.. person.Events.Where(e => e.Timestamp <= settings.Start).OrderBy(e => e.Timestamp)];
    }

    public SimulatedPath Go()
    {
        var now = _settings.Start;
        bool? audience = _journey.Entry.Audience is null ? null : Holds(JourneyDefinition.AudienceKey);
        if (JourneyEntry.Refusal(_journey, [], _person.Consent, audience, now) is { } refused)
        {
            return Path(PathEnd.Refused, _journey.Start, refused);
        }

        var trigger = Trigger();
        _planned.AddRange(_plan.AtEntry(trigger?.Properties ?? []));
        var instance = JourneyInstance.Enter(_journey, 1, _person.ContactId, trigger, now);
        while (_steps.Count < JourneySimulator.MostSteps) // each round takes a planned event or comes to the due time, which moves on
        {
            Arrive(now);
            instance = Step(instance, now);
            if (instance.Status != InstanceStatus.Active)
            {
                return Path(Ended(instance.Status), instance.Node, instance.EndReason);
            }

            var next = _planned.Select(p => (DateTimeOffset?)p.Event.Timestamp).Append(instance.DueAt).Min();
            if (next is not { } at || at > _settings.End)
            {
                return Path(PathEnd.Waiting, instance.Node, instance.DueAt is { } due ? $"waits until {due:O}, after the end of the simulation" : "waits for an event");
            }

            now = at > now ? at : now;
        }

        return Path(PathEnd.Waiting, instance.Node, $"the simulation stopped after {JourneySimulator.MostSteps} steps");
    }

    private bool Holds(string condition) => _person.Conditions.GetValueOrDefault(condition);

    /// <summary>The person's newest event by then that is one of the journey's triggers, else one made like the first; none for a journey entered only through the API.</summary>
    private JourneyEvent? Trigger()
    {
        if (_journey.Triggers.OfType<EventTrigger>().FirstOrDefault() is not { } first)
        {
            return null;
        }

        var start = _settings.Start;
        return _timeline.Where(e => JourneyEntry.IsTriggeredBy(_journey, e, start)).MaxBy(e => e.Timestamp)
            ?? _plan.Event(first.Event.EventName, start, Matching(first.Event));
    }

    /// <summary>Properties that meet the equality filters of the match (the others are left to chance).</summary>
    private static JsonObject Matching(EventMatch match) => match.Where
        .Where(f => f.Test.Operator is TestOperator.Eq or TestOperator.In && f.Test.Values.Count > 0)
        .Aggregate(new JsonObject(), (properties, f) => TraitMerge.SetAt(properties, f.Property, f.Test.Values[0]));

    /// <summary>The planned events whose time has come join the timeline (a response naming the newest message of its channel).</summary>
    private void Arrive(DateTimeOffset now)
    {
        var due = _planned.Where(p => p.Event.Timestamp <= now).OrderBy(p => p.Event.Timestamp).ToList();
        foreach (var planned in due)
        {
            _planned.Remove(planned);
            var e = planned.AnswersNewest is { } channel && _messages.LastOrDefault(m => m.Channel == channel && m.At <= planned.Event.Timestamp) is { } message
                ? planned.Event with { Properties = TraitMerge.SetAt(planned.Event.Properties, Responses.MessageIdProperty, JsonValue.Create(message.MessageId)) }
                : planned.Event;
            _came.Add(e);
            _timeline.Add(e);
        }

        if (due.Count > 0)
        {
            _timeline = [.. _timeline.OrderBy(e => e.Timestamp)];
        }
    }

    private JourneyInstance Step(JourneyInstance instance, DateTimeOffset now)
    {
        while (true)
        {
            var facts = new JourneyFacts(_timeline, _sent, _conditions, _person.Consent, _person.Zone, _person.Traits);
            switch (JourneyStepper.Step(_journey, instance, facts, now))
            {
                case Stepped stepped:
                    Take(stepped);
                    return stepped.Instance;
                case NeedsConditions needs:
                    foreach (var key in needs.Keys)
                    {
                        _conditions[key] = Holds(key);
                    }

                    break;
                default:
                    throw new UnreachableException();
            }
        }
    }

    /// <summary>Records a step: its messages get ids and their responses are planned; its emitted events are planned at once.</summary>
    private void Take(Stepped stepped)
    {
        _steps.AddRange(stepped.Records);
        var sends = stepped.Records.Where(r => r.Kind == StepKind.Sent).ToList(); // one for each message, in order
        foreach (var (message, send) in stepped.Messages.Zip(sends))
        {
            var id = _firstMessage + _messages.Count;
            _sent.Add(new SentMessage(message.Node, id));
            _messages.Add(new SimulatedMessage(id, message.Node, message.Channel, send.At));
            _planned.AddRange(_plan.OnSend((SendNode)_journey.Node(message.Node), id, send.At));
        }

        var acts = stepped.Records.Where(r => r.Kind == StepKind.Acted).ToList(); // one for each action, in order
        foreach (var (action, act) in stepped.Actions.Zip(acts))
        {
            if (action.Action is JourneyAction.Emit emit)
            {
                _planned.Add(new Planned(_plan.Event(emit.EventName, act.At, TraitMerge.Overwrite([], emit.Properties)), null));
            }
        }
    }

    private static PathEnd Ended(InstanceStatus status) => status switch
    {
        InstanceStatus.Active => PathEnd.Waiting,
        InstanceStatus.Completed => PathEnd.Completed,
        InstanceStatus.Converted => PathEnd.Converted,
        InstanceStatus.Exited => PathEnd.Exited,
        InstanceStatus.HeldOut => PathEnd.HeldOut,
        _ => throw new UnreachableException(),
    };

    private SimulatedPath Path(PathEnd end, string node, string? reason) =>
        new(_person.ContactId, _person.Zone, end, node, reason, _steps, _messages, _came);
}

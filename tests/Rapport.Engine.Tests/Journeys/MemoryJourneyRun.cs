using System.Diagnostics;
using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Segments;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// The reference side of the journey property: Core's <see cref="JourneyStepper"/> alone, in memory, with no store,
/// no worker and no SQL. Each person's events, traits and instances are lists here; conditions are evaluated by the
/// segments' reference evaluator on the traits the person has when the step starts; a step ends after an action, whose
/// change (a trait, an emitted event, which may answer a wait) is made before the instance looks again.
/// </summary>
public sealed class MemoryJourneyRun(JourneyDefinition journey, IReadOnlyList<Contact> contacts) : IJourneyRun
{
    private readonly List<Person> _people = [.. contacts.Select(c => new Person(c))];
    private int _ids;

    public Task<DateTimeOffset?> NextDueAsync() =>
        Task.FromResult(_people.SelectMany(p => p.Runs).Where(r => r.Instance.Status == InstanceStatus.Active).Min(r => r.Instance.DueAt));

    public Task AtAsync(DateTimeOffset now, IReadOnlyList<CaseEvent> events)
    {
        foreach (var (person, run) in _people.SelectMany(p => p.Runs.Select(r => (p, r)))
                     .Where(x => x.r.Instance is { Status: InstanceStatus.Active, DueAt: { } due } && due <= now).OrderBy(x => x.r.Instance.DueAt).ToList())
        {
            Step(person, run, now);
        }

        foreach (var e in events)
        {
            _people[e.Person].Events.Add(new JourneyEvent($"tracked-{++_ids}", e.Name, now, []));
        }

        foreach (var group in events.GroupBy(e => e.Person))
        {
            var person = _people[group.Key];
            var entered = group.Any(e => e.Name == RandomJourneys.Trigger) ? Enter(person, now) : null;
            foreach (var run in person.Runs.Where(r => r != entered && r.Instance.Status == InstanceStatus.Active).ToList())
            {
                Step(person, run, now);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Every instance as it stands.</summary>
    public IEnumerable<JourneyInstance> Instances => _people.SelectMany(p => p.Runs).Select(r => r.Instance);

    /// <summary>Each person's path, as <see cref="JourneyCase.PathOf"/> writes it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Paths(DateTimeOffset start) =>
        [.. _people.Select(p => JourneyCase.PathOf(p.Runs.Select(r => (r.Instance, (IReadOnlyList<StepRecord>)r.Records, (IReadOnlyList<SentMessage>)r.Sent)), start))];

    private Run? Enter(Person person, DateTimeOffset now)
    {
        var trigger = person.Events.Last(e => e.Name == RandomJourneys.Trigger);
        if (JourneyEntry.Refusal(journey, [.. person.Runs.Select(r => r.Instance)], TopicConsent.Subscribed, null, now) is not null)
        {
            return null;
        }

        var run = new Run(JourneyInstance.Enter(journey, 1, person.Contact.Id, trigger, now) with { Id = ++_ids });
        person.Runs.Add(run);
        Step(person, run, now);
        return run;
    }

    /// <summary>Steps the instance, makes the changes its actions ask for, and steps again until nothing moves.</summary>
    private void Step(Person person, Run run, DateTimeOffset now)
    {
        for (var looks = 0; looks < 1000; looks++)
        {
            var stepped = StepOnce(person, run.Instance, run.Sent, now);
            if (stepped.Records.Count == 0)
            {
                return;
            }

            run.Instance = stepped.Instance;
            run.Records.AddRange(stepped.Records);
            run.Sent.AddRange(stepped.Messages.Select(m => new SentMessage(m.Node, ++_ids)));
            foreach (var action in stepped.Actions.Select(a => a.Action))
            {
                switch (action)
                {
                    case JourneyAction.SetTrait { Value: null } clear:
                        person.Traits.Remove(clear.Trait["traits.".Length..]);
                        break;
                    case JourneyAction.SetTrait set:
                        person.Traits[set.Trait["traits.".Length..]] = set.Value.DeepClone();
                        break;
                    case JourneyAction.Emit emit:
                        person.Events.Add(new JourneyEvent($"emitted-{++_ids}", emit.EventName, now, (JsonObject)emit.Properties.DeepClone()));
                        break;
                    default:
                        throw new UnreachableException();
                }
            }
        }

        throw new InvalidOperationException($"instance {run.Instance.Id} kept moving at {now:O}");
    }

    private Stepped StepOnce(Person person, JourneyInstance instance, IReadOnlyList<SentMessage> sent, DateTimeOffset now)
    {
        var conditions = new Dictionary<string, bool>(StringComparer.Ordinal);
        var contact = person.Contact with { Traits = (JsonObject)person.Traits.DeepClone() };
        while (true)
        {
            var facts = new JourneyFacts([.. person.Events], sent, conditions, TopicConsent.Subscribed, JourneyClock.Zone(contact.TimeZone), contact.Traits);
            switch (JourneyStepper.Step(journey, instance, facts, now))
            {
                case Stepped stepped:
                    return stepped;
                case NeedsConditions needs:
                    var evaluator = new SegmentEvaluator(_ => null, now);
                    foreach (var (key, condition) in journey.Conditions().Where(c => needs.Keys.Contains(c.Key)))
                    {
                        conditions[key] = evaluator.Matches(condition, new ContactFacts(contact, [], []));
                    }

                    break;
                default:
                    throw new UnreachableException();
            }
        }
    }

    private sealed class Person(Contact contact)
    {
        public Contact Contact { get; } = contact;

        public JsonObject Traits { get; } = (JsonObject)contact.Traits.DeepClone();

        public List<JourneyEvent> Events { get; } = [];

        public List<Run> Runs { get; } = [];
    }

    private sealed class Run(JourneyInstance instance)
    {
        public JourneyInstance Instance { get; set; } = instance;

        public List<StepRecord> Records { get; } = [];

        public List<SentMessage> Sent { get; } = [];
    }
}

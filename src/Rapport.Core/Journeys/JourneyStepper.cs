using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Rapport.Core.Journeys;

/// <summary>
/// The journey's rules as one pure function: an instance, what the runner knows of the contact, and now give the
/// next state, what was done on the way and why, the messages to request and the changes to make. Exit rules and the
/// goal act first, wherever the contact is; then the contact passes every node that does not wait, and stops at the
/// first that does, or right after an action: the step's changes are written before the next node looks at the contact
/// (a branch on a trait just set, a wait until a date just changed), so the instance is due at once at the next node
/// and the runner steps it again after the write. Stepping the same instance with the same facts again gives the same result, so a step can be retried.
/// Time moves on the instance's own clock: a wait that ended at 09:00 leads on from 09:00, even if it is seen later.
/// </summary>
public static class JourneyStepper
{
    /// <summary>Passing more nodes than this without a wait ends the instance (validation refuses loops that never wait).</summary>
    public const int MostNodesInOneStep = 100;

    public static StepOutcome Step(JourneyDefinition journey, JourneyInstance instance, JourneyFacts facts, DateTimeOffset now) =>
        new Run(journey, instance, facts, now).Go();

    /// <summary>Ends an active instance from outside (an operator, a stopped journey, an exit that is not an event).</summary>
    public static Stepped End(JourneyInstance instance, InstanceStatus status, string why, DateTimeOffset now)
    {
        if (instance.Status != InstanceStatus.Active)
        {
            return new Stepped(instance, [], [], []);
        }

        var kind = status switch
        {
            InstanceStatus.Completed => StepKind.Completed,
            InstanceStatus.Converted => StepKind.Converted,
            InstanceStatus.Exited => StepKind.Exited,
            InstanceStatus.HeldOut => StepKind.HeldOut,
            InstanceStatus.Active => throw new ArgumentOutOfRangeException(nameof(status), status, "an end is not active"),
            _ => throw new UnreachableException(),
        };
        return new Stepped(Ended(instance, status, why, now), [new StepRecord(instance.Node, kind, null, why, now)], [], []);
    }

    private static JourneyInstance Ended(JourneyInstance instance, InstanceStatus status, string why, DateTimeOffset at) =>
        instance with { Status = status, DueAt = null, EndedAt = at, EndReason = why };

    /// <summary>A stable number 0–9999 for a contact at a node of a journey: the same on every machine and every run.</summary>
    public static int Bucket(long contactId, string journey, string node)
    {
        var hash = 14695981039346656037UL; // FNV-1a, 64 bits
        foreach (var b in System.Text.Encoding.UTF8.GetBytes($"{contactId}\u001f{journey}\u001f{node}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)(hash % 10_000);
    }

    private sealed class Run(JourneyDefinition journey, JourneyInstance start, JourneyFacts facts, DateTimeOffset now)
    {
        private readonly List<StepRecord> _records = [];
        private readonly List<MessageRequest> _messages = [];
        private readonly List<ActionRequest> _actions = [];
        private readonly List<string> _used = [.. start.UsedAnswers];
        private JourneyInstance _at = start with { };

        public StepOutcome Go()
        {
            if (start.Status != InstanceStatus.Active)
            {
                return Done();
            }

            if (start.Steps == 0)
            {
                Record(StepKind.Entered, null, start.Trigger is { } t ? $"entered on {t.Name} ({t.MessageId})" : "entered by the API", start.EnteredAt);
            }

            if (Interrupted() is { } end)
            {
                return end;
            }

            for (var passed = 0; passed < MostNodesInOneStep; passed++)
            {
                if (Visit(journey.Node(_at.Node)) is { } outcome)
                {
                    return outcome;
                }
            }

            return Finish(InstanceStatus.Exited, StepKind.Exited, $"passed {MostNodesInOneStep} nodes without a wait", now);
        }

        /// <summary>Exit rules, consent and the goal, which act wherever the contact is.</summary>
        private Stepped? Interrupted()
        {
            if (journey.Topic is { } topic && facts.Consent == TopicConsent.Withdrawn)
            {
                return Finish(InstanceStatus.Exited, StepKind.Exited, $"withdrew consent for {topic}", now);
            }

            for (var i = 0; i < journey.Exits.Count; i++)
            {
                if (Since(journey.Exits[i].Event).FirstOrDefault() is { } e)
                {
                    return Finish(InstanceStatus.Exited, StepKind.Exited, $"exit rule exits[{i}]: {e.Name} ({e.MessageId})", now);
                }
            }

            if (journey.Goal is { } goal && Since(goal.Event)
                    .FirstOrDefault(e => goal.Within is null || e.Timestamp < goal.Within.After(start.EnteredAt, facts.Zone)) is { } reached)
            {
                return Finish(InstanceStatus.Converted, StepKind.Converted, $"goal reached: {reached.Name} ({reached.MessageId})", now);
            }

            return null;
        }

        /// <summary>The events since the instance started that match, oldest first, the trigger left out.</summary>
        private IEnumerable<JourneyEvent> Since(EventMatch match) =>
            facts.Events.Where(e => e.Timestamp >= start.EnteredAt.AddSeconds(-1) && e.MessageId != start.Trigger?.MessageId && match.Matches(e, now));

        /// <summary>Passes one node: null when the contact moved on (go on), else how the step ends (a wait, an end, a question).</summary>
        private StepOutcome? Visit(JourneyNode node)
        {
            switch (node)
            {
                case SendNode send:
                    _messages.Add(new MessageRequest(send.Id, send.Channel, send.Topic ?? journey.Topic, send.Transactional, send.WhenBlocked, send.Content));
                    return Move(StepKind.Sent, "next", send.Next, $"requested a {Core.WireName.Of(send.Channel)} message", _at.NodeSince);
                case WaitNode wait:
                    var until = JourneyClock.End(wait.Until, _at.NodeSince, facts.Zone, facts.Traits);
                    return until <= now ? Move(StepKind.Waited, "next", wait.Next, $"waited until {until:O}", until) : Stay(until);
                case WaitForNode waitFor:
                    return Await(waitFor);
                case BranchNode branch:
                    for (var i = 0; i < branch.Branches.Count; i++)
                    {
                        var key = JourneyDefinition.ConditionKey(branch.Id, i);
                        if (!facts.Conditions.TryGetValue(key, out var holds))
                        {
                            return new NeedsConditions([key]);
                        }

                        if (holds)
                        {
                            return Move(StepKind.Branched, $"branches[{i}]", branch.Branches[i].Next, $"condition branches[{i}] held", _at.NodeSince);
                        }
                    }

                    return Move(StepKind.Branched, "default", branch.Default, "no condition held", _at.NodeSince);
                case SplitNode split:
                    var point = Bucket(_at.ContactId, journey.Key, split.Id) % split.Variants.Sum(v => v.Weight);
                    var variant = split.Variants.First(v => (point -= v.Weight) < 0);
                    _at = _at with { Variant = variant.Name };
                    return Move(StepKind.Split, variant.Name, variant.Next, $"variant {variant.Name}", _at.NodeSince);
                case HoldoutNode holdout:
                    return Bucket(_at.ContactId, journey.Key, holdout.Id) < holdout.Percent * 100
                        ? Finish(InstanceStatus.HeldOut, StepKind.HeldOut, $"in the {holdout.Percent}% control group", _at.NodeSince)
                        : Move(StepKind.Split, "next", holdout.Next, $"not in the {holdout.Percent}% control group", _at.NodeSince);
                case ActionNode action:
                    _actions.Add(new ActionRequest(action.Id, action.Action));
                    Move(StepKind.Acted, "next", action.Next, Describe(action.Action), _at.NodeSince);
                    return Done(); // due at once at the next node, which will see what the action wrote
                case ExitNode:
                    return Finish(InstanceStatus.Completed, StepKind.Completed, "reached an exit", _at.NodeSince);
                default:
                    throw new UnreachableException();
            }
        }

        private StepOutcome? Await(WaitForNode node)
        {
            var timeout = node.Timeout.After(_at.NodeSince, facts.Zone);
            var answers = node.Answers.SelectMany((a, i) => Answers(a).Select(e => (Index: i, Answer: a, Event: e)))
                .Where(x => x.Event.Timestamp < timeout && !_used.Contains(x.Event.MessageId))
                .OrderBy(x => x.Event.Timestamp).ThenBy(x => x.Index);
            foreach (var (index, answer, e) in answers)
            {
                _used.Add(e.MessageId);
                var at = e.Timestamp > _at.NodeSince ? e.Timestamp : _at.NodeSince;
                return Move(StepKind.Answered, $"answers[{index}]", answer.Next, $"answered by {e.Name} ({e.MessageId})", at > now ? now : at);
            }

            return timeout <= now
                ? Move(StepKind.TimedOut, "timeout", node.TimeoutNext, $"no answer by {timeout:O}", timeout)
                : Stay(timeout);
        }

        /// <summary>The events that are this answer.</summary>
        private IEnumerable<JourneyEvent> Answers(Answer answer) => answer switch
        {
            EventAnswer e => Since(e.Event).Where(x => e.Correlate is not { } c || Correlated(x, c)),
            ResponseAnswer r => journey.Node(r.SendNode) is SendNode send
                ? Since(new EventMatch(Responses.EventName(send.Channel, r.Response), [])).Where(x => SentBy(x, r.SendNode))
                : [],
            _ => throw new UnreachableException(),
        };

        private bool Correlated(JourneyEvent e, Correlation c) =>
            start.Trigger is { } trigger && Segments.ValueTests.At(trigger.Properties, c.TriggerProperty) is { } wanted
            && Segments.ValueTests.At(e.Properties, c.Property) is { } found && JsonNode.DeepEquals(wanted, found);

        private bool SentBy(JourneyEvent e, string node) =>
            Segments.ValueTests.At(e.Properties, Responses.MessageIdProperty) is JsonValue v
            && (v.TryGetValue<long>(out var id) || (v.TryGetValue<string>(out var text) && long.TryParse(text, out id)))
            && facts.Sent.Any(s => s.Node == node && s.MessageId == id);

        private Stepped Stay(DateTimeOffset until)
        {
            if (_at.DueAt != until || _records.Count > 0)
            {
                Record(StepKind.Waiting, null, $"waits until {until:O}", now);
            }

            _at = _at with { DueAt = until };
            return Done();
        }

        private StepOutcome? Move(StepKind kind, string edge, string to, string why, DateTimeOffset at)
        {
            Record(kind, edge, why, at);
            _at = _at with { Node = to, NodeSince = at, DueAt = at };
            return null;
        }

        private Stepped Finish(InstanceStatus status, StepKind kind, string why, DateTimeOffset at)
        {
            Record(kind, null, why, at);
            _at = Ended(_at, status, why, now);
            return Done();
        }

        private void Record(StepKind kind, string? edge, string why, DateTimeOffset at) => _records.Add(new StepRecord(_at.Node, kind, edge, why, at));

        private Stepped Done() => new(
            _records.Count == 0 ? _at : _at with { Steps = _at.Steps + _records.Count, UsedAnswers = _used.ToList() },
            _records, _messages, _actions);

        private static string Describe(JourneyAction action) => action switch
        {
            JourneyAction.SetTrait { Value: null } t => $"cleared {t.Trait}",
            JourneyAction.SetTrait t => $"set {t.Trait}",
            JourneyAction.ChangeConsent c => $"{(c.Grant ? "granted" : "withdrew")} {c.Topic} on {Core.WireName.Of(c.Channel)}",
            JourneyAction.Emit e => $"emitted {e.EventName}",
            JourneyAction.Webhook w => $"called webhook {w.Url.Host}",
            _ => throw new UnreachableException(),
        };
    }
}

using Rapport.Core.Segments;

namespace Rapport.Core.Journeys;

/// <summary>
/// An automated nurture program: who enters it (<see cref="Triggers"/>, <see cref="Entry"/>), the steps they take from
/// <see cref="Start"/> through <see cref="Nodes"/> (edges name node ids), what counts as success (<see cref="Goal"/>) and
/// what takes a person out at once (<see cref="Exits"/>). Each change is a new version; a running instance finishes on the
/// version it started on. <see cref="Topic"/> is what the program is about: withdrawing consent for it ends the instance.
/// </summary>
public sealed record JourneyDefinition(
    string Key,
    string Name,
    string? Topic,
    IReadOnlyList<JourneyTrigger> Triggers,
    EntryRules Entry,
    JourneyGoal? Goal,
    IReadOnlyList<ExitRule> Exits,
    string Start,
    IReadOnlyDictionary<string, JourneyNode> Nodes)
{
    public JourneyNode Node(string id) => Nodes[id];

    /// <summary>Every condition the journey may test, by its <see cref="ConditionKey"/>: the audience at entry and each branch.</summary>
    public IEnumerable<(string Key, Condition Condition)> Conditions()
    {
        if (Entry.Audience is { } audience)
        {
            yield return (AudienceKey, audience);
        }

        foreach (var branch in Nodes.Values.OfType<BranchNode>())
        {
            for (var i = 0; i < branch.Branches.Count; i++)
            {
                yield return (ConditionKey(branch.Id, i), branch.Branches[i].Condition);
            }
        }
    }

    public const string AudienceKey = "entry.audience";

    /// <summary>
    /// The names of the events that may move an instance of this journey once it runs: its answers (responses by their
    /// event names), its goal and its exits. Any other event is no news to its instances.
    /// </summary>
    public IReadOnlySet<string> EventsItWaitsFor() =>
        Nodes.Values.OfType<WaitForNode>().SelectMany(w => w.Answers).Select(a => a switch
            {
                EventAnswer e => e.Event.EventName,
                ResponseAnswer r => Node(r.SendNode) is SendNode send ? Responses.EventName(send.Channel, r.Response) : "",
                _ => throw new System.Diagnostics.UnreachableException(),
            })
            .Concat(Goal is { } goal ? [goal.Event.EventName] : [])
            .Concat(Exits.Select(e => e.Event.EventName))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>How a branch's condition is named when the runner is asked whether it holds.</summary>
    public static string ConditionKey(string node, int branch) => $"{node}.branches[{branch}]";
}

/// <summary>Who may enter, and how often.</summary>
/// <param name="Again">Null: once ever. Else a contact may enter again once this long has passed since their last entry.</param>
/// <param name="Audience">A segment condition the contact must meet at entry (null: anyone).</param>
/// <param name="WhileSubscribed">Only contacts subscribed to the journey's topic (on any channel) enter.</param>
public sealed record EntryRules(JourneyPeriod? Again, Condition? Audience, bool WhileSubscribed)
{
    public static EntryRules OnceEver { get; } = new(null, null, false);
}

/// <summary>An event (with filters) that names a thing the person did.</summary>
public sealed record EventMatch(string EventName, IReadOnlyList<PropertyFilter> Where)
{
    public bool Matches(JourneyEvent e, DateTimeOffset now) =>
        e.Name == EventName && Where.All(f => ValueTests.Matches(f.Test, ValueTests.At(e.Properties, f.Property), now));
}

/// <summary>The conversion the journey works for: the event within <paramref name="Within"/> of entry. Reaching it ends the instance as converted.</summary>
public sealed record JourneyGoal(EventMatch Event, JourneyPeriod? Within);

/// <summary>An event that takes a person out of the journey at once, wherever they are.</summary>
public sealed record ExitRule(EventMatch Event);

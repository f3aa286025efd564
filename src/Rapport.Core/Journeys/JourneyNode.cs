using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Segments;

namespace Rapport.Core.Journeys;

/// <summary>One step of a journey, named by its id; edges name the ids of the next nodes. A closed set.</summary>
public abstract record JourneyNode(string Id)
{
    /// <summary>The nodes this one may lead to, with the name of each edge (as counted on GET /api/v1/journeys/{key}).</summary>
    public abstract IReadOnlyList<(string Edge, string To)> Edges { get; }

    /// <summary>Whether a contact may stay at this node for a while (everything else is passed in the same step).</summary>
    public virtual bool Waits => false;
}

/// <summary>Requests a message; the dispatcher sends it through the gate. When the gate holds it back: skip it or wait until it may go.</summary>
public sealed record SendNode(
    string Id, Channel Channel, MessageBody Content, string? Topic, bool Transactional, WhenBlocked WhenBlocked, string Next) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges => [("next", Next)];
}

/// <summary>What a send says: written in the definition, or a template rendered for the person when the message goes.</summary>
public abstract record MessageBody;

/// <summary>Written in the definition: subject and text, with an optional HTML part.</summary>
public sealed record MessageContent(string? Subject, string Text, string? Html) : MessageBody;

/// <summary>The newest version of a saved template (/api/v1/templates/{key}) of the send's channel, rendered when the message goes.</summary>
public sealed record TemplateBody(string Template) : MessageBody;

public enum WhenBlocked
{
    Skip,
    Wait,
}

/// <summary>Waits, then goes on: for a period, until a local time (and weekday), or until a date in the profile.</summary>
public sealed record WaitNode(string Id, WaitUntil Until, string Next) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges => [("next", Next)];

    public override bool Waits => true;
}

/// <summary>
/// Waits for the person's answer: the first answer to come picks its branch; silence for <see cref="Timeout"/> picks
/// <see cref="TimeoutNext"/>. An answer that already came since the instance started counts at once.
/// </summary>
public sealed record WaitForNode(string Id, IReadOnlyList<Answer> Answers, JourneyPeriod Timeout, string TimeoutNext) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges =>
        [.. Answers.Select((a, i) => ($"answers[{i}]", a.Next)), ("timeout", TimeoutNext)];

    public override bool Waits => true;
}

/// <summary>The first branch whose condition holds picks the way; none: <see cref="Default"/>.</summary>
public sealed record BranchNode(string Id, IReadOnlyList<Branch> Branches, string Default) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges =>
        [.. Branches.Select((b, i) => ($"branches[{i}]", b.Next)), ("default", Default)];
}

public sealed record Branch(Condition Condition, string Next);

/// <summary>A/B/n test: each contact gets one variant, by a stable hash of contact, journey and node, in proportion to the weights.</summary>
public sealed record SplitNode(string Id, IReadOnlyList<Variant> Variants) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges => [.. Variants.Select(v => (v.Name, v.Next))];
}

public sealed record Variant(string Name, int Weight, string Next);

/// <summary>A share of contacts (by the same stable hash) gets nothing from here on: the control group, measured against the rest.</summary>
public sealed record HoldoutNode(string Id, int Percent, string Next) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges => [("next", Next)];
}

/// <summary>Changes something about the contact, or tells another system about them, then goes on.</summary>
public sealed record ActionNode(string Id, JourneyAction Action, string Next) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges => [("next", Next)];
}

/// <summary>The end of the way: the instance is completed.</summary>
public sealed record ExitNode(string Id) : JourneyNode(Id)
{
    public override IReadOnlyList<(string Edge, string To)> Edges => [];
}

/// <summary>What an action node does. A closed set.</summary>
public abstract record JourneyAction
{
    private protected JourneyAction()
    {
    }

    /// <summary>Sets a trait (a path under traits) to a value; a null value clears it.</summary>
    public sealed record SetTrait(string Trait, JsonNode? Value) : JourneyAction;

    /// <summary>Grants or withdraws a topic on a channel, through the consent ledger (source: the journey).</summary>
    public sealed record ChangeConsent(string Topic, Channel Channel, bool Grant) : JourneyAction;

    /// <summary>Records a named event on the contact's timeline (which may trigger or answer other journeys).</summary>
    public sealed record Emit(string EventName, JsonObject Properties) : JourneyAction;

    /// <summary>
    /// Calls an HTTP endpoint (a CRM, a shop) with a signed JSON body naming the journey and the contact. The journey goes
    /// on at once: the call is made, and tried again while it fails, in the background.
    /// </summary>
    public sealed record Webhook(Uri Url) : JourneyAction;
}

using Rapport.Core.Consent;

namespace Rapport.Core.Journeys;

/// <summary>What a step of the runner came to. A closed set.</summary>
public abstract record StepOutcome
{
    private protected StepOutcome()
    {
    }
}

/// <summary>The step reached a condition it was not given: the runner evaluates these for the contact and steps again.</summary>
public sealed record NeedsConditions(IReadOnlyList<string> Keys) : StepOutcome;

/// <summary>
/// The instance after the step, what it did on the way (in order), the messages it requests and the changes it makes.
/// Nothing changed when <see cref="Records"/> is empty.
/// </summary>
public sealed record Stepped(
    JourneyInstance Instance, IReadOnlyList<StepRecord> Records, IReadOnlyList<MessageRequest> Messages, IReadOnlyList<ActionRequest> Actions) : StepOutcome;

/// <summary>One thing an instance did, and why: the answer to "why did she not get the reminder?".</summary>
/// <param name="Edge">The edge taken out of the node (as named in <see cref="JourneyNode.Edges"/>), if it left it.</param>
public sealed record StepRecord(string Node, StepKind Kind, string? Edge, string Why, DateTimeOffset At);

public enum StepKind
{
    Entered,
    Sent,
    Waited,
    Waiting,
    Answered,
    TimedOut,
    Branched,
    Split,
    HeldOut,
    Acted,
    Completed,
    Converted,
    Exited,

    /// <summary>A webhook of an action node still failed at its last attempt: the call is given up (recorded after the step that asked for it).</summary>
    WebhookFailed,
}

/// <summary>A message a send node requests: a queued message row that carries the journey, version, node, variant and instance.</summary>
public sealed record MessageRequest(string Node, Channel Channel, string? Topic, bool Transactional, WhenBlocked WhenBlocked, MessageBody Content);

/// <summary>A change an action node makes to the contact.</summary>
public sealed record ActionRequest(string Node, JourneyAction Action);

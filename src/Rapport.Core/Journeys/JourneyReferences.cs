using Rapport.Core.Events;
using Rapport.Core.Segments;

namespace Rapport.Core.Journeys;

/// <summary>What a journey names that must exist in the workspace before it is saved: segments and topics.</summary>
public static class JourneyReferences
{
    /// <summary>
    /// The keys of the segments the journey names, each once, in the order they first appear: entering or leaving a
    /// segment (as a trigger, an exit, the goal or an answer), the segment conditions of its audience and branches, and the
    /// segments its broadcasts go to.
    /// </summary>
    public static IReadOnlyList<string> Segments(JourneyDefinition journey)
    {
        var byEvents = Events(journey)
            .Where(m => m.EventName is ReservedEvents.SegmentEntered or ReservedEvents.SegmentExited)
            .SelectMany(m => m.Where)
            .Where(f => f.Property == JourneyEventJson.SegmentProperty && f.Test.Operator is TestOperator.Eq or TestOperator.In)
            .SelectMany(f => f.Test.Values)
            .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(v => v.GetValue<string>());
        var byConditions = journey.Conditions().SelectMany(c => SegmentReferences.Of(c.Condition));
        var byBroadcasts = journey.Triggers.OfType<BroadcastTrigger>().Select(b => b.Segment);
        return [.. byEvents.Concat(byConditions).Concat(byBroadcasts).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The keys of the topics the journey names, each once: its own, its sends' and those its actions grant or withdraw.</summary>
    public static IReadOnlyList<string> Topics(JourneyDefinition journey)
    {
        var sends = journey.Nodes.Values.OfType<SendNode>().Select(s => s.Topic);
        var consents = journey.Nodes.Values.OfType<ActionNode>().Select(a => a.Action is JourneyAction.ChangeConsent c ? c.Topic : null);
        return [.. sends.Concat(consents).Prepend(journey.Topic).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The sends of the journey that name a template: the node, the template's key and the channel it sends on.</summary>
    public static IReadOnlyList<(string Node, string Template, Consent.Channel Channel)> Templates(JourneyDefinition journey) =>
        [.. journey.Nodes.Values.OfType<SendNode>().Where(s => s.Content is TemplateBody).Select(s => (s.Id, ((TemplateBody)s.Content).Template, s.Channel))];

    /// <summary>Every event the journey names: its triggers, exits, goal and the answers of its wait-for nodes.</summary>
    private static IEnumerable<EventMatch> Events(JourneyDefinition journey) =>
        journey.Triggers.OfType<EventTrigger>().Select(t => t.Event)
            .Concat(journey.Exits.Select(e => e.Event))
            .Concat(journey.Goal is { } goal ? [goal.Event] : [])
            .Concat(journey.Nodes.Values.OfType<WaitForNode>().SelectMany(w => w.Answers).OfType<EventAnswer>().Select(a => a.Event));
}

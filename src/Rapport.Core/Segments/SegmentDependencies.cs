using System.Diagnostics;
using Rapport.Core.Work;

namespace Rapport.Core.Segments;

/// <summary>What can change a contact's membership of a segment, so that a change re-evaluates only the segments it can affect.</summary>
/// <param name="Profile">Profile fields or traits.</param>
/// <param name="Events">The names of the tracked events it counts.</param>
/// <param name="Consent">Subscriptions.</param>
/// <param name="Clock">The passing of time (windows of days, anniversaries): such segments are also refreshed on a schedule.</param>
/// <param name="Value">The contact's value, value group or stage of the ladder of loyalty.</param>
public sealed record SegmentDependencies(bool Profile, IReadOnlySet<string> Events, bool Consent, bool Clock, bool Value)
{
    public static SegmentDependencies Of(Condition condition, Func<string, SegmentDefinition?> segments)
    {
        var (profile, consent, clock, value) = (false, false, false, false);
        var events = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Visit(Condition c)
        {
            switch (c)
            {
                case AllOf all:
                    all.Conditions.ToList().ForEach(Visit);
                    break;
                case AnyOf any:
                    any.Conditions.ToList().ForEach(Visit);
                    break;
                case Not not:
                    Visit(not.Condition);
                    break;
                case TraitCondition trait:
                    profile = true;
                    clock |= trait.Test.Operator is TestOperator.WithinLastDays or TestOperator.AnniversaryWithinDays;
                    break;
                case EventCondition e:
                    events.Add(e.EventName);
                    clock |= e.Window is TimeWindow.LastDays;
                    break;
                case ConsentCondition:
                    consent = true;
                    break;
                case ReceivedCondition:
                    clock = true; // sends are picked up by the scheduled refresh
                    break;
                case BucketCondition:
                    break;
                case MeasureCondition or ValueGroupCondition or StageCondition:
                    value = true;
                    break;
                case SegmentCondition s:
                    if (seen.Add(s.SegmentKey) && segments(s.SegmentKey) is { } other)
                    {
                        Visit(other.Condition);
                    }

                    break;
                default:
                    throw new UnreachableException();
            }
        }

        Visit(condition);
        return new SegmentDependencies(profile, events, consent, clock, value);
    }

    public bool IsAffectedBy(ContactsChanged change) =>
        change.Merged || (Profile && change.Profile) || (Consent && change.Consent) || (Value && change.Value) || change.EventNames.Any(Events.Contains);
}

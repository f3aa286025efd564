using System.Text.Json.Nodes;
using Rapport.Core.Consent;

namespace Rapport.Core.Segments;

/// <summary>One condition of a segment definition. A closed set: every switch over it ends in UnreachableException.</summary>
public abstract record Condition
{
    private protected Condition()
    {
    }
}

public sealed record AllOf(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record AnyOf(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record Not(Condition Condition) : Condition;

/// <summary>
/// A test of one value of the profile: a field (email, phone, externalId, locale, timeZone, postcode,
/// city, country) or a trait path ("traits.plan", "traits.address.city").
/// </summary>
public sealed record TraitCondition(string Field, Test Test) : Condition;

/// <summary>
/// The contact performed (tracked) <paramref name="EventName"/>, with every <paramref name="Where"/> filter
/// on its properties, a number of times or first/last (<paramref name="Occurrence"/>) within <paramref name="Window"/>.
/// </summary>
public sealed record EventCondition(string EventName, IReadOnlyList<PropertyFilter> Where, Occurrence Occurrence, TimeWindow? Window) : Condition;

public sealed record ConsentCondition(string Topic, Channel Channel) : Condition;

/// <summary>
/// The contact received (was sent) a message, of <paramref name="Topic"/> and on <paramref name="Channel"/>
/// when given, within <paramref name="Window"/> when given.
/// </summary>
public sealed record ReceivedCondition(string? Topic, Channel? Channel, TimeWindow? Window) : Condition;

/// <summary>A stable bucket of the contact id, 0–99 (see <see cref="Buckets"/>): for holdouts and tests.</summary>
public sealed record BucketCondition(int From, int To) : Condition;

/// <summary>Member of another segment (by key); cycles are refused when the definition is checked.</summary>
public sealed record SegmentCondition(string SegmentKey) : Condition;

public sealed record PropertyFilter(string Property, Test Test);

/// <summary>A comparison of one JSON value. <paramref name="Values"/> holds one value, or several for In.</summary>
public sealed record Test(TestOperator Operator, IReadOnlyList<JsonValue> Values, int? Days, DateOnly? Date);

public enum TestOperator
{
    Eq,
    Neq,
    In,
    Contains,
    StartsWith,
    Gt,
    Gte,
    Lt,
    Lte,
    Exists,
    Before,
    After,
    WithinLastDays,
    AnniversaryWithinDays,
}

/// <summary>How the events must have happened: a count, or the first or last time within the window.</summary>
public abstract record Occurrence
{
    private protected Occurrence()
    {
    }

    public sealed record Count(CountRule Rule, int Times) : Occurrence;

    public sealed record First : Occurrence;

    public sealed record Last : Occurrence;
}

public enum CountRule
{
    AtLeast,
    AtMost,
    Exactly,
}

/// <summary>The last N days up to now, or between two dates (from inclusive, to exclusive).</summary>
public abstract record TimeWindow
{
    private protected TimeWindow()
    {
    }

    public sealed record LastDays(int Days) : TimeWindow;

    public sealed record Between(DateTimeOffset From, DateTimeOffset To) : TimeWindow;

    public (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset now) => this switch
    {
        LastDays d => (now.AddDays(-d.Days), now.AddMilliseconds(1)),
        Between b => (b.From, b.To),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}

/// <summary>A number of the contact's value (orders, revenue, RFM scores…) compared with eq, neq, gt, gte, lt or lte.</summary>
public sealed record MeasureCondition(Value.ValueMeasure Measure, Test Test) : Condition;

public sealed record ValueGroupCondition(Value.ValueGroup Group) : Condition;

/// <summary>On <paramref name="Stage"/> of the ladder of loyalty, or (<paramref name="OrHigher"/>) on it or above.</summary>
public sealed record StageCondition(Value.LoyaltyStage Stage, bool OrHigher) : Condition;

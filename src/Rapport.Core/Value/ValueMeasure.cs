using System.Diagnostics;

namespace Rapport.Core.Value;

/// <summary>A number of <see cref="ContactValue"/> that a segment or ladder rule can test ({"measure": "orders", …}).</summary>
public enum ValueMeasure
{
    Orders,
    Revenue,
    NetRevenue,
    Refunds,
    Discounts,
    AverageOrderValue,
    Margin,
    CostToServe,
    Value,
    RecencyScore,
    FrequencyScore,
    MonetaryScore,
}

public static class ValueMeasures
{
    /// <summary>The measure of a contact; a contact with no value yet has 0 of each.</summary>
    public static double Of(ContactValue? value, ValueMeasure measure) => value is null ? 0 : measure switch
    {
        ValueMeasure.Orders => value.History.Orders,
        ValueMeasure.Revenue => value.History.Revenue,
        ValueMeasure.NetRevenue => value.History.NetRevenue,
        ValueMeasure.Refunds => value.History.Refunds,
        ValueMeasure.Discounts => value.History.Discounts,
        ValueMeasure.AverageOrderValue => value.History.AverageOrderValue,
        ValueMeasure.Margin => value.Margin,
        ValueMeasure.CostToServe => value.CostToServe,
        ValueMeasure.Value => value.Value,
        ValueMeasure.RecencyScore => value.RecencyScore,
        ValueMeasure.FrequencyScore => value.FrequencyScore,
        ValueMeasure.MonetaryScore => value.MonetaryScore,
        _ => throw new UnreachableException(),
    };
}

using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

public sealed class ValueMeasuresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Every number distinct, so a measure reading the wrong one shows.</summary>
    private static readonly ContactValue Value = new(new PurchaseHistory(1, 4, 200, 30, 7, T0, T0), 60, 37, 5, 3, 1, ValueGroup.MostGrowable);

    public static TheoryData<ValueMeasure> AllMeasures => [.. Enum.GetValues<ValueMeasure>()];

    [Theory]
    [InlineData(ValueMeasure.Orders, 4)]
    [InlineData(ValueMeasure.Revenue, 200)]
    [InlineData(ValueMeasure.NetRevenue, 170)]
    [InlineData(ValueMeasure.Refunds, 30)]
    [InlineData(ValueMeasure.Discounts, 7)]
    [InlineData(ValueMeasure.AverageOrderValue, 50)]
    [InlineData(ValueMeasure.Margin, 60)]
    [InlineData(ValueMeasure.CostToServe, 37)]
    [InlineData(ValueMeasure.Value, 23)]
    [InlineData(ValueMeasure.RecencyScore, 5)]
    [InlineData(ValueMeasure.FrequencyScore, 3)]
    [InlineData(ValueMeasure.MonetaryScore, 1)]
    public void Each_measure_is_its_number_of_the_contact_value(ValueMeasure measure, double expected)
    {
        Assert.Equal(expected, ValueMeasures.Of(Value, measure));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void A_contact_with_no_value_yet_has_0_of_each_measure(ValueMeasure measure)
    {
        Assert.Equal(0, ValueMeasures.Of(null, measure));
    }

    [Theory]
    [MemberData(nameof(AllMeasures))]
    public void A_contact_who_bought_nothing_has_0_of_each_measure(ValueMeasure measure)
    {
        Assert.Equal(0, ValueMeasures.Of(ContactValue.None(1), measure));
    }
}

using System.Text.Json;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

/// <summary>SegmentJson reading the value conditions: measure, valueGroup and stage.</summary>
public sealed class ValueConditionJsonTests
{
    [Fact]
    public void A_definition_with_value_conditions_reads_into_typed_conditions()
    {
        var (definition, errors) = Read("""
            {"key": "good-customers", "name": "Good customers", "condition": {"all": [
              {"measure": "orders", "op": "gte", "value": 2},
              {"valueGroup": "most_valuable"},
              {"stage": "customer", "orHigher": true}
            ]}}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        var all = Assert.IsType<AllOf>(definition!.Condition);
        var measure = Assert.IsType<MeasureCondition>(all.Conditions[0]);
        Assert.Equal((ValueMeasure.Orders, TestOperator.Gte, 2.0), (measure.Measure, measure.Test.Operator, measure.Test.Values[0].GetValue<double>()));
        Assert.Equal(new ValueGroupCondition(ValueGroup.MostValuable), all.Conditions[1]);
        Assert.Equal(new StageCondition(LoyaltyStage.Customer, true), all.Conditions[2]);
    }

    [Theory]
    [InlineData("orders", ValueMeasure.Orders)]
    [InlineData("revenue", ValueMeasure.Revenue)]
    [InlineData("net_revenue", ValueMeasure.NetRevenue)]
    [InlineData("refunds", ValueMeasure.Refunds)]
    [InlineData("discounts", ValueMeasure.Discounts)]
    [InlineData("average_order_value", ValueMeasure.AverageOrderValue)]
    [InlineData("margin", ValueMeasure.Margin)]
    [InlineData("cost_to_serve", ValueMeasure.CostToServe)]
    [InlineData("value", ValueMeasure.Value)]
    [InlineData("recency_score", ValueMeasure.RecencyScore)]
    [InlineData("frequency_score", ValueMeasure.FrequencyScore)]
    [InlineData("monetary_score", ValueMeasure.MonetaryScore)]
    public void Each_measure_goes_by_its_snake_case_name(string name, ValueMeasure measure)
    {
        var condition = Assert.IsType<MeasureCondition>(ReadCondition($$"""{"measure": "{{name}}", "op": "gt", "value": 0}"""));

        Assert.Equal(measure, condition.Measure);
    }

    [Theory]
    [InlineData("eq", TestOperator.Eq)]
    [InlineData("neq", TestOperator.Neq)]
    [InlineData("gt", TestOperator.Gt)]
    [InlineData("gte", TestOperator.Gte)]
    [InlineData("lt", TestOperator.Lt)]
    [InlineData("lte", TestOperator.Lte)]
    public void A_measure_is_compared_with_any_number_operator(string op, TestOperator @operator)
    {
        var condition = Assert.IsType<MeasureCondition>(ReadCondition($$"""{"measure": "revenue", "op": "{{op}}", "value": 99.5}"""));

        Assert.Equal((@operator, 99.5), (condition.Test.Operator, condition.Test.Values[0].GetValue<double>()));
    }

    [Theory]
    [InlineData("most_valuable", ValueGroup.MostValuable)]
    [InlineData("most_growable", ValueGroup.MostGrowable)]
    [InlineData("below_zero", ValueGroup.BelowZero)]
    public void Each_value_group_goes_by_its_snake_case_name(string name, ValueGroup group)
    {
        Assert.Equal(new ValueGroupCondition(group), ReadCondition($$"""{"valueGroup": "{{name}}"}"""));
    }

    [Theory]
    [InlineData("""{"stage": "suspect"}""", LoyaltyStage.Suspect, false)]
    [InlineData("""{"stage": "prospect", "orHigher": false}""", LoyaltyStage.Prospect, false)]
    [InlineData("""{"stage": "customer", "orHigher": true}""", LoyaltyStage.Customer, true)]
    [InlineData("""{"stage": "client"}""", LoyaltyStage.Client, false)]
    [InlineData("""{"stage": "supporter", "orHigher": true}""", LoyaltyStage.Supporter, true)]
    [InlineData("""{"stage": "advocate"}""", LoyaltyStage.Advocate, false)]
    public void A_stage_condition_is_that_stage_or_with_orHigher_that_stage_and_above(string json, LoyaltyStage stage, bool orHigher)
    {
        Assert.Equal(new StageCondition(stage, orHigher), ReadCondition(json));
    }

    [Theory]
    [InlineData("""{"measure": "orderz", "op": "gte", "value": 2}""", "condition.measure")]
    [InlineData("""{"measure": "Orders", "op": "gte", "value": 2}""", "condition.measure")]
    [InlineData("""{"measure": "netRevenue", "op": "gte", "value": 2}""", "condition.measure")]
    [InlineData("""{"measure": 1, "op": "gte", "value": 2}""", "condition.measure")]
    [InlineData("""{"measure": "orders", "op": "gte", "value": "2"}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "eq", "value": true}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "gte", "value": null}""", "condition.value")]
    [InlineData("""{"measure": "orders", "op": "gte"}""", "condition.value")]
    [InlineData("""{"measure": "orders", "value": 2}""", "condition.op")]
    [InlineData("""{"measure": "orders", "op": "contains", "value": "2"}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "startsWith", "value": "2"}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "in", "values": [1, 2]}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "exists"}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "withinLastDays", "days": 3}""", "condition")]
    [InlineData("""{"measure": "orders", "op": "like", "value": 2}""", "condition.op")]
    [InlineData("""{"measure": "orders", "op": "gte", "value": 2, "days": 30}""", "condition.days")]
    [InlineData("""{"valueGroup": "vip"}""", "condition.valueGroup")]
    [InlineData("""{"valueGroup": "MostValuable"}""", "condition.valueGroup")]
    [InlineData("""{"valueGroup": ["most_valuable"]}""", "condition.valueGroup")]
    [InlineData("""{"valueGroup": "most_valuable", "orHigher": true}""", "condition.orHigher")]
    [InlineData("""{"stage": "champion"}""", "condition.stage")]
    [InlineData("""{"stage": "Customer"}""", "condition.stage")]
    [InlineData("""{"stage": 2}""", "condition.stage")]
    [InlineData("""{"stage": "customer", "orHigher": "yes"}""", "condition.orHigher")]
    [InlineData("""{"stage": "customer", "orHigher": 1}""", "condition.orHigher")]
    [InlineData("""{"stage": "customer", "orHigher": null}""", "condition.orHigher")]
    [InlineData("""{"stage": "customer", "op": "gte"}""", "condition.op")]
    [InlineData("""{"all": [{"event": "Signed Up"}, {"not": {"stage": "vip"}}]}""", "condition.all[1].not.stage")]
    public void A_wrong_value_condition_names_the_path_of_the_error(string condition, string path)
    {
        var (definition, errors) = Read($$"""{"key": "k", "name": "n", "condition": {{condition}}}""");

        Assert.Null(definition);
        Assert.Contains(path, errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_measure_compared_with_a_text_operator_is_told_which_operators_it_takes()
    {
        var (_, errors) = Read("""{"key": "k", "name": "n", "condition": {"measure": "orders", "op": "contains", "value": "2"}}""");

        Assert.Contains("eq, neq, gt, gte, lt or lte and a number", Assert.Single(errors.ToDictionary()["condition"]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_is_told_the_names_there_are()
    {
        var (_, errors) = Read("""{"key": "k", "name": "n", "condition": {"any": [{"valueGroup": "vip"}, {"stage": "champion"}]}}""");

        var messages = errors.ToDictionary();
        Assert.Contains("most_valuable, most_growable, below_zero", Assert.Single(messages["condition.any[0].valueGroup"]), StringComparison.Ordinal);
        Assert.Contains("suspect, prospect, customer, client, supporter, advocate", Assert.Single(messages["condition.any[1].stage"]), StringComparison.Ordinal);
    }

    private static Condition? ReadCondition(string json)
    {
        var (definition, errors) = Read($$"""{"key": "k", "name": "n", "condition": {{json}}}""");
        Assert.True(errors.IsEmpty, errors.ToString());
        return definition!.Condition;
    }

    private static (SegmentDefinition? Definition, FieldErrors Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        return (SegmentJson.Read(document.RootElement, errors), errors);
    }
}

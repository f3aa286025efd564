using System.Text.Json.Nodes;
using Rapport.Core.Segments;
using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

public sealed class PurchaseHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_Order_Completed_is_one_order()
    {
        var history = PurchaseHistory.From(7, [Order("""{"revenue": 10}"""), Order("{}"), Order("""{"total": 5}""")]);

        Assert.Equal((7L, 3), (history.ContactId, history.Orders));
    }

    [Theory]
    [InlineData("""{"revenue": 40, "total": 50}""", 40)]
    [InlineData("""{"total": 25.5}""", 25.5)]
    [InlineData("""{"revenue": 0, "total": 25}""", 0)]
    [InlineData("""{"revenue": null, "total": 25}""", 25)]
    [InlineData("""{"revenue": 12.25}""", 12.25)]
    [InlineData("""{"revenue": "40"}""", 0)]
    [InlineData("""{"revenue": true}""", 0)]
    [InlineData("""{"revenue": {"amount": 40}}""", 0)]
    [InlineData("""{"revenue": [40]}""", 0)]
    [InlineData("""{"total": "25"}""", 0)]
    [InlineData("""{"price": 99}""", 0)]
    [InlineData("""{"revenue": 1e308}""", 0)]
    [InlineData("""{"revenue": -2e15, "total": 30}""", 30)]
    [InlineData("""{"revenue": 1e15}""", 1e15)]
    public void An_order_brings_its_revenue_else_its_total_and_a_non_number_counts_as_0(string properties, double revenue)
    {
        var history = PurchaseHistory.From(1, [Order(properties)]);

        Assert.Equal((1, revenue), (history.Orders, history.Revenue));
    }

    [Fact]
    public void Numbers_built_in_memory_count_as_numbers_parsed_from_JSON_do()
    {
        var history = PurchaseHistory.From(1, [new EventFact(PurchaseHistory.OrderCompleted, T0, new JsonObject { ["revenue"] = 12, ["discount"] = 2m })]);

        Assert.Equal((12.0, 2.0), (history.Revenue, history.Discounts));
    }

    [Fact]
    public void Revenue_sums_over_orders()
    {
        var history = PurchaseHistory.From(1, [Order("""{"revenue": 40, "total": 50}"""), Order("""{"total": 25.5}"""), Order("""{"revenue": "n/a"}""")]);

        Assert.Equal(65.5, history.Revenue);
    }

    [Fact]
    public void Discounts_sum_as_absolute_amounts_and_a_non_number_counts_as_0()
    {
        var history = PurchaseHistory.From(1, [
            Order("""{"revenue": 100, "discount": 5}"""),
            Order("""{"revenue": 100, "discount": -2.5}"""),
            Order("""{"revenue": 100, "discount": "10"}"""),
            Order("""{"revenue": 100}"""),
        ]);

        Assert.Equal((4, 400.0, 7.5), (history.Orders, history.Revenue, history.Discounts));
    }

    [Fact]
    public void Order_Refunded_adds_to_refunds_by_absolute_revenue_else_total()
    {
        var history = PurchaseHistory.From(1, [
            Order("""{"revenue": 100}"""),
            Refund("""{"revenue": 20, "total": 99}"""),
            Refund("""{"total": 5}"""),
            Refund("""{"revenue": -10}"""),
            Refund("""{"revenue": "30"}"""),
        ]);

        Assert.Equal((1, 100.0, 35.0), (history.Orders, history.Revenue, history.Refunds));
    }

    [Fact]
    public void A_refund_is_not_an_order_and_does_not_move_the_order_times()
    {
        var history = PurchaseHistory.From(1, [Order("""{"revenue": 100}""", 2), Refund("""{"revenue": 100}""", 30)]);

        Assert.Equal((1, T0.AddDays(2), T0.AddDays(2)), (history.Orders, history.FirstOrderAt, history.LastOrderAt));
    }

    [Theory]
    [InlineData("Product Viewed")]
    [InlineData("Order Updated")]
    [InlineData("order completed")]
    [InlineData("Order Completed ")]
    [InlineData("order_refunded")]
    public void Events_of_other_names_change_nothing(string name)
    {
        var properties = JsonNode.Parse("""{"revenue": 100, "total": 100, "discount": 10}""")!.AsObject();

        var history = PurchaseHistory.From(3, [new EventFact(name, T0, properties)]);

        Assert.Equal(PurchaseHistory.None(3), history);
    }

    [Fact]
    public void First_and_last_order_times_are_the_earliest_and_latest_whatever_the_order_given()
    {
        var history = PurchaseHistory.From(1, [Order("{}", 5), Order("{}", 1), Order("{}", 9), Order("{}", 3)]);

        Assert.Equal((T0.AddDays(1), T0.AddDays(9)), (history.FirstOrderAt, history.LastOrderAt));
    }

    [Fact]
    public void Net_revenue_is_revenue_less_refunds_and_the_average_order_is_revenue_per_order()
    {
        var history = PurchaseHistory.From(1, [Order("""{"revenue": 100}"""), Order("""{"revenue": 50}"""), Refund("""{"revenue": 30}""")]);

        Assert.Equal((120.0, 75.0), (history.NetRevenue, history.AverageOrderValue));
    }

    [Fact]
    public void A_history_with_only_refunds_has_negative_net_revenue_and_no_average_order()
    {
        var history = PurchaseHistory.From(1, [Refund("""{"revenue": 30}""")]);

        Assert.Equal((0, -30.0, 0.0), (history.Orders, history.NetRevenue, history.AverageOrderValue));
        Assert.Null(history.FirstOrderAt);
    }

    [Fact]
    public void No_events_is_no_history()
    {
        var history = PurchaseHistory.From(5, []);

        Assert.Equal(new PurchaseHistory(5, 0, 0, 0, 0, null, null), history);
        Assert.Equal((0.0, 0.0), (history.NetRevenue, history.AverageOrderValue));
    }

    [Fact]
    public void The_purchase_event_names_are_Order_Completed_and_Order_Refunded()
    {
        Assert.Equal(["Order Completed", "Order Refunded"], PurchaseHistory.EventNames.Order(StringComparer.Ordinal));
    }

    private static EventFact Order(string properties, int day = 0) =>
        new(PurchaseHistory.OrderCompleted, T0.AddDays(day), JsonNode.Parse(properties)!.AsObject());

    private static EventFact Refund(string properties, int day = 0) =>
        new(PurchaseHistory.OrderRefunded, T0.AddDays(day), JsonNode.Parse(properties)!.AsObject());
}

using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

public sealed class ContactValueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Value_is_margin_less_cost_to_serve()
    {
        var value = new ContactValue(new PurchaseHistory(1, 2, 200, 40, 10, T0, T0), 60, 50, 5, 2, 3, null);

        Assert.Equal(10, value.Value);
        Assert.Equal(-15, (value with { CostToServe = 75 }).Value);
    }

    [Fact]
    public void Rfm_reads_recency_frequency_monetary()
    {
        Assert.Equal("523", new ContactValue(PurchaseHistory.None(1), 0, 0, 5, 2, 3, null).Rfm);
    }

    [Fact]
    public void A_contact_who_bought_nothing_has_nothing_scores_000_and_is_in_no_group()
    {
        var none = ContactValue.None(9);

        Assert.Equal(PurchaseHistory.None(9), none.History);
        Assert.Equal((0.0, 0.0, 0.0, "000"), (none.Margin, none.CostToServe, none.Value, none.Rfm));
        Assert.Null(none.Group);
    }

    [Fact]
    public void Rating_a_contact_who_bought_nothing_gives_the_value_of_none()
    {
        var model = ValueModel.Of([new PurchaseHistory(1, 1, 100, 0, 0, T0, T0)], ValueSettings.Default);

        Assert.Equal(ContactValue.None(2), model.Rate(PurchaseHistory.None(2), ValueSettings.Default));
    }
}

namespace Rapport.Core.Value;

/// <summary>
/// A contact's value to the company: the purchase history, margin (revenue × margin rate), cost to serve
/// (refunds, discounts and, once they exist, message costs), RFM scores 1–5 among the workspace's customers
/// (0 for a contact with no order), and the value group.
/// </summary>
public sealed record ContactValue(
    PurchaseHistory History, double Margin, double CostToServe, int RecencyScore, int FrequencyScore, int MonetaryScore, ValueGroup? Group)
{
    /// <summary>Margin less cost to serve: what ranks the most valuable.</summary>
    public double Value => Margin - CostToServe;

    /// <summary>The value of a contact who has bought nothing.</summary>
    public static ContactValue None(long contactId) => new(PurchaseHistory.None(contactId), 0, 0, 0, 0, 0, null);

    public string Rfm => $"{RecencyScore}{FrequencyScore}{MonetaryScore}";
}

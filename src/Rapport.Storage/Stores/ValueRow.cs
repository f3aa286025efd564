using Rapport.Core;
using Rapport.Core.Value;

namespace Rapport.Storage.Stores;

/// <summary>A contact's value as contact_value holds it; also the parameters of its insert.</summary>
internal sealed class ValueRow
{
    public int WorkspaceId { get; init; }
    public long ContactId { get; init; }
    public int Orders { get; init; }
    public double Revenue { get; init; }
    public double Refunds { get; init; }
    public double Discounts { get; init; }
    public double NetRevenue { get; init; }
    public double AverageOrderValue { get; init; }
    public double Margin { get; init; }
    public double CostToServe { get; init; }
    public double Value { get; init; }
    public long? FirstOrderAt { get; init; }
    public long? LastOrderAt { get; init; }
    public int RecencyScore { get; init; }
    public int FrequencyScore { get; init; }
    public int MonetaryScore { get; init; }
    public string? ValueGroup { get; init; }
    public long ComputedAt { get; init; }

    public static ValueRow From(int workspaceId, ContactValue v, DateTimeOffset now) => new()
    {
        WorkspaceId = workspaceId,
        ContactId = v.History.ContactId,
        Orders = v.History.Orders,
        Revenue = v.History.Revenue,
        Refunds = v.History.Refunds,
        Discounts = v.History.Discounts,
        NetRevenue = v.History.NetRevenue,
        AverageOrderValue = v.History.AverageOrderValue,
        Margin = v.Margin,
        CostToServe = v.CostToServe,
        Value = v.Value,
        FirstOrderAt = v.History.FirstOrderAt is { } first ? UnixMs.Of(first) : null,
        LastOrderAt = v.History.LastOrderAt is { } last ? UnixMs.Of(last) : null,
        RecencyScore = v.RecencyScore,
        FrequencyScore = v.FrequencyScore,
        MonetaryScore = v.MonetaryScore,
        ValueGroup = v.Group is { } g ? WireName.Of(g) : null,
        ComputedAt = UnixMs.Of(now),
    };

    public ContactValue ToContactValue() => new(
        new PurchaseHistory(ContactId, Orders, Revenue, Refunds, Discounts,
            FirstOrderAt is { } first ? UnixMs.ToTime(first) : null, LastOrderAt is { } last ? UnixMs.ToTime(last) : null),
        Margin, CostToServe, RecencyScore, FrequencyScore, MonetaryScore,
        ValueGroup is not null && WireName.TryParse<ValueGroup>(ValueGroup, out var g) ? g : null);
}

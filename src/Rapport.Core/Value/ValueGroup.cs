namespace Rapport.Core.Value;

/// <summary>Peppers &amp; Rogers' three groups of customers by their value to the company.</summary>
public enum ValueGroup
{
    /// <summary>The top customers by value (margin less cost to serve).</summary>
    MostValuable,

    /// <summary>Buy often or lately, but are worth less than the median: the most room to grow.</summary>
    MostGrowable,

    /// <summary>Cost more to serve than they bring in margin.</summary>
    BelowZero,
}

using System.Collections.Frozen;
using System.Globalization;
using Fluid;
using Fluid.Values;

namespace Rapport.Core.Templates;

/// <summary>
/// <c>money</c>: an amount in a currency (<c>{{ order.total | money: "EUR" }}</c>) as the person's locale writes it:
/// "1 234,50 €" in pl-PL, "€1,234.50" in en-IE, with the currency's own decimals (JPY none). Without a code, the
/// currency of the locale's country. Something that is not a number renders as it is, never an error.
/// </summary>
internal static class MoneyFilter
{
    /// <summary>Each ISO 4217 code a culture uses, with that culture's symbol and decimals (the first culture by name).</summary>
    private static readonly FrozenDictionary<string, NumberFormatInfo> Currencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Where(c => c.Name.Contains('-', StringComparison.Ordinal))
        .Select(c => (Code: Region(c)?.ISOCurrencySymbol, c.NumberFormat))
        .Where(c => c.Code is { Length: 3 })
        .GroupBy(c => c.Code!, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First().NumberFormat, StringComparer.Ordinal);

    public static ValueTask<FluidValue> Apply(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil() || (input is not NumberValue && !decimal.TryParse(input.ToStringValue(context), NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
        {
            return new ValueTask<FluidValue>(input);
        }

        var culture = context.CultureInfo;
        var code = arguments.Count > 0 ? arguments.At(0).ToStringValue(context).ToUpperInvariant() : Region(culture)?.ISOCurrencySymbol;
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        if (code is not null && Region(culture)?.ISOCurrencySymbol != code)
        {
            var (symbol, digits) = Currencies.TryGetValue(code, out var known) ? (known.CurrencySymbol, known.CurrencyDecimalDigits) : (code, 2);
            format.CurrencySymbol = symbol;
            format.CurrencyDecimalDigits = digits;
        }

        return new ValueTask<FluidValue>(StringValue.Create(input.ToNumberValue(context).ToString("C", format)));
    }

    private static RegionInfo? Region(CultureInfo culture)
    {
        try
        {
            return culture.Name.Contains('-', StringComparison.Ordinal) ? new RegionInfo(culture.Name) : null;
        }
        catch (ArgumentException)
        {
            return null; // a culture without a country
        }
    }
}

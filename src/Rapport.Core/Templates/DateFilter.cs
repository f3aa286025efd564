using System.Globalization;
using Fluid;
using Fluid.Filters;
using Fluid.Values;
using NodaTime;

namespace Rapport.Core.Templates;

/// <summary>
/// Liquid's <c>date</c>, in the person's time zone and locale: a moment (a time with an offset or "Z", a Unix time in
/// seconds, "now") is shown as it is in their zone; a time without an offset ("2027-03-04", "2027-03-04 09:00") is taken
/// as theirs already, and stays as written. With a format (<c>date: "%-d %B %Y, %H:%M"</c>, strftime as in Liquid) the
/// names of days and months are the locale's; without one it is the locale's long date ("4 marca 2027").
/// Something that is not a date renders as it is, never an error.
/// </summary>
internal static class DateFilter
{
    /// <summary>The key of the person's zone among the context's ambient values.</summary>
    public const string Zone = "rapport.zone";

    public static ValueTask<FluidValue> Apply(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (Moment(input, context) is not { } moment)
        {
            return input.IsNil() ? new ValueTask<FluidValue>(NilValue.Instance) : new ValueTask<FluidValue>(input);
        }

        if (arguments.Count == 0)
        {
            return new ValueTask<FluidValue>(StringValue.Create(moment.ToString("D", context.CultureInfo)));
        }

        return MiscFilters.Date(FluidValue.Create(moment, context.Options), arguments, context);
    }

    /// <summary>The moment as it is in the person's zone (with its offset there), or null when the input is not a date.</summary>
    private static DateTimeOffset? Moment(FluidValue input, TemplateContext context)
    {
        var zone = context.AmbientValues.TryGetValue(Zone, out var z) ? (DateTimeZone)z : DateTimeZone.Utc;
        if (input is StringValue && input.ToStringValue(context) is var text && text is not "now" and not "today"
            && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var written)
            && written.Kind == DateTimeKind.Unspecified)
        {
            return LocalDateTime.FromDateTime(written).InZoneLeniently(zone).ToDateTimeOffset(); // the person's own time already
        }

        return input.TryGetDateTimeInput(context, out var instant)
            ? Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset()
            : null;
    }
}

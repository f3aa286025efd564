using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Fluid;
using Fluid.Utils;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;

namespace Rapport.Core.Templates;

/// <summary>
/// Renders a template for one person: picks the variant of their locale, then renders each part from the plain model
/// of <see cref="TemplateData"/>. HTML parts escape what they print (<c>| raw</c> does not); subjects and texts print
/// as is. A missing variable prints its <c>default</c> or nothing. The time is given to
/// <see cref="RenderAsync"/>, never read. A render that breaks a limit or throws is a <see cref="TemplateRenderException"/>
/// naming the part, and the line and column of the statement at fault.
/// </summary>
public static class TemplateRenderer
{
    private static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithTimeZone(TimeZoneInfo.Utc) // never the machine's: dates are placed in the person's zone by the date filter
        .WithModelNamesComparer(StringComparer.Ordinal)
        .ConfigureFilters(filters =>
        {
            filters.Remove("time_zone"); // it would look zones up in the machine's database; the person's zone is applied anyway
            filters.AddFilter("date", DateFilter.Apply);
            filters.AddFilter("money", MoneyFilter.Apply);
        })
        .Build();

    public static async Task<RenderedTemplate> RenderAsync(
        TemplateDefinition template, TemplateData data, string? locale, RenderLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var variant = template.VariantFor(locale ?? data.Locale);
        var model = data.Model(variant.Locale);
        var setting = new Setting(model, FormatCulture.For(variant.Locale, data.Locale), JourneyClock.Zone(data.TimeZone), limits, now, ct);
        var subject = variant.Subject is null ? null : await RenderPartAsync(variant.Subject, setting, NullEncoder.Default);
        var html = variant.Html is null ? null : await RenderPartAsync(variant.Html, setting, Html);
        var text = variant.Text is null ? HtmlText.From(html!) : await RenderPartAsync(variant.Text, setting, NullEncoder.Default);
        return new RenderedTemplate(variant.Locale, template.Channel == Channel.Email ? OneLine(subject) : null, html, text);
    }

    /// <summary>A subject is one line: its line breaks become spaces, and spaces at either end go.</summary>
    private static string? OneLine(string? subject) => subject?.ReplaceLineEndings(" ").Trim();

    private static async Task<string> RenderPartAsync(LiquidText part, Setting setting, TextEncoder encoder)
    {
        var context = new TemplateContext(setting.Model, Options)
        {
            CultureInfo = setting.Culture,
            Now = () => setting.Now,
            CancellationToken = setting.Ct,
            MaxSteps = setting.Limits.MaxSteps,
            MaxOutputSize = setting.Limits.MaxOutputChars,
            MaxCollectionSize = setting.Limits.MaxCollectionSize,
        };
        context.AmbientValues[DateFilter.Zone] = setting.Zone;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await using (var buffered = new TextWriterFluidOutput(writer, 4096, leaveOpen: true))
        {
            var output = LimitedFluidOutput.Create(buffered, setting.Limits.MaxOutputChars);
            foreach (var statement in part.Parsed.Statements)
            {
                try
                {
                    await statement.WriteToAsync(output, encoder, context);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
#pragma warning disable FLUID001 // where a statement starts: tracked by the parser (Liquid), read here only to name it in the error
                    var (line, column) = Liquid.Position(part.Source, statement.SourceOffset);
#pragma warning restore FLUID001
                    var reason = e switch
                    {
                        OperationCanceledException => "stopped: the render ran past its deadline",
                        FileNotFoundException => "include and render have nothing to read here: a template cannot include another",
                        _ => e.Message,
                    };
                    throw new TemplateRenderException(part.Path, line, column, reason, e);
                }
            }

            await output.FlushAsync();
        }

        return writer.ToString();
    }

    private sealed record Setting(JsonObject Model, CultureInfo Culture, NodaTime.DateTimeZone Zone, RenderLimits Limits, DateTimeOffset Now, CancellationToken Ct);
}

using Fluid;
using Fluid.Parser;
using Rapport.Core.Validation;

namespace Rapport.Core.Templates;

/// <summary>
/// The Liquid language as templates are written in it, parsed with Fluid: one shared parser (it is thread-safe and
/// costly to make) that records where each statement starts, so that an error in rendering can name its line and column.
/// </summary>
public static class Liquid
{
#pragma warning disable FLUID001 // marked for evaluation in Fluid 3.0.0 (pinned): without it a render error could not say where
    private static readonly FluidParser Parser = new(new FluidParserOptions { TrackStatementLocations = true });
#pragma warning restore FLUID001

    /// <summary>The parsed <paramref name="source"/>, or null with an error at <paramref name="path"/> naming the line and column.</summary>
    public static LiquidText? Parse(string source, string path, FieldErrors errors)
    {
        try
        {
            return new LiquidText(source, path, (FluidTemplate)Parser.Parse(source));
        }
        catch (ParseException e)
        {
            var reason = e.Message.Split('\n')[0];
            var at = reason.LastIndexOf(" at (", StringComparison.Ordinal);
            var (line, column) = e.Position is { } p ? (p.Line, p.Column) : (1, 1);
            errors.Add(path, $"Liquid does not parse at line {line}, column {column}: {(at > 0 ? reason[..at] : reason)}");
            return null;
        }
    }

    /// <summary>The line and column (from 1) of the character at <paramref name="offset"/> of <paramref name="source"/>.</summary>
    public static (int Line, int Column) Position(string source, int offset)
    {
        var before = source.AsSpan(0, Math.Clamp(offset, 0, source.Length));
        var lastBreak = before.LastIndexOf('\n');
        return (before.Count('\n') + 1, before.Length - lastBreak);
    }
}

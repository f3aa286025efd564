using System.Globalization;
using System.Text.RegularExpressions;

namespace Rapport.Server.Tests;

/// <summary>A scrape of GET /metrics read as Prometheus reads it: one sample a line, <c>name{label="value",…} number</c>.</summary>
public sealed partial class PrometheusText(string text)
{
    private readonly List<Sample> _samples = text.Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(Sample.Parse)
        .ToList();

    public string Text => text;

    /// <summary>The value of the one sample named <paramref name="name"/> with (at least) these labels; null when there is none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matching = _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).ToList();
        return matching.Count switch
        {
            0 => null,
            1 => matching[0].Value,
            _ => throw new InvalidOperationException($"{matching.Count} samples of {name} have the labels {string.Join(", ", labels)}"),
        };
    }

    public IEnumerable<IReadOnlyDictionary<string, string>> LabelsOf(string name) => _samples.Where(s => s.Name == name).Select(s => s.Labels);

    public override string ToString() => text;

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public static Sample Parse(string line)
        {
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a Prometheus sample: {line}");
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            return new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}

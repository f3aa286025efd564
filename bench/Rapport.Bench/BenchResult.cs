namespace Rapport.Bench;

/// <summary>One line of a benchmark report: our figure beside the baseline measured in the same run.</summary>
public sealed record BenchResult(string What, string Unit, double Ours, string Baseline, double BaselineRate)
{
    /// <summary>What else the run measured (memory, latencies), a line each, printed under the table.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public double Ratio => Ours / BaselineRate;

    public static double Rate(long count, TimeSpan elapsed) => count / Math.Max(elapsed.TotalSeconds, 1e-9);
}

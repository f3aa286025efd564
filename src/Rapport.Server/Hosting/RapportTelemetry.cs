using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Rapport.Engine;
using Rapport.Storage;

namespace Rapport.Server.Hosting;

/// <summary>
/// Metrics through OpenTelemetry: Rapport's own (<see cref="RapportMetrics"/>), ASP.NET Core's and Kestrel's, the .NET
/// runtime's and, on PostgreSQL, Npgsql's connection pool and commands. Scraped at GET /metrics (Prometheus text) unless
/// Rapport:Metrics:Prometheus is false; pushed over OTLP too when Rapport:Metrics:OtlpEndpoint is set.
/// </summary>
public static class RapportTelemetry
{
    private const string ScrapePath = "/metrics";

    /// <summary>The name OpenTelemetry's listener goes by in <see cref="IMetricsBuilder"/>.</summary>
    private const string ListenerName = "OpenTelemetry";

    /// <summary>Meters made by this host's <see cref="IMeterFactory"/>: another host in the same process keeps its own counts.</summary>
    private static readonly string[] HostMeters = [RapportMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>Meters of the whole process: the runtime's, and Npgsql's (its pools are named "rapport", see <see cref="Database"/>).</summary>
    private static readonly string[] ProcessMeters = ["System.Runtime", "Npgsql"];

    public static void AddRapportTelemetry(this WebApplicationBuilder builder, RapportOptions.MetricsOptions options)
    {
        Uri? otlp = null;
        if (options.OtlpEndpoint is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out otlp) && otlp.Scheme is "http" or "https" && otlp.Host.Length > 0))
        {
            throw new ConfigurationError($"Rapport:Metrics:OtlpEndpoint '{endpoint}' is not an http or https URL (http://collector:4317).");
        }

        if (!options.Prometheus && otlp is null)
        {
            return;
        }

        foreach (var meter in HostMeters)
        {
            builder.Metrics.EnableMetrics(meter, null, ListenerName, MeterScope.Local);
        }

        foreach (var meter in ProcessMeters)
        {
            builder.Metrics.EnableMetrics(meter, null, ListenerName, MeterScope.Global);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("rapport"))
            .WithMetrics(metrics =>
            {
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
    }

    /// <summary>
    /// GET /metrics, open to anyone who reaches the port: counts and timings, no person's data (Npgsql's series name the
    /// database server's address and port).
    /// </summary>
    public static void MapRapportTelemetry(this WebApplication app, RapportOptions.MetricsOptions options)
    {
        if (options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(ScrapePath);
        }
    }
}

using Rapport.Core.Workspaces;
using Rapport.Core.Ports;
using Rapport.Server.Api;
using Rapport.Server.Pages;
using Rapport.Storage;
using Rapport.Storage.Migrations;

namespace Rapport.Server.Hosting;

/// <summary>The HTTP host: Segment-compatible ingest, the admin API, health and the OpenAPI document.</summary>
public static class RapportHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root holds ./data: watching it for changed settings files would wake on every
        // database write. Settings are read at start.
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        SettingsFiles.AddShippedSettings(builder.Configuration);
        if (Console.IsOutputRedirected && builder.Configuration["Logging:Console:FormatterName"] is null)
        {
            builder.Logging.AddJsonConsole(); // a service or a pipe gets one JSON object a line; a terminal gets plain text
        }

        configure?.Invoke(builder);
        builder.Services.AddRapportCore(builder.Configuration);
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddSingleton<KeyRevision>();
        builder.Services.AddSingleton<SignupService>();
        var options = builder.Configuration.GetSection("Rapport").Get<RapportOptions>() ?? new RapportOptions();
        builder.Services.AddFormRateLimit(options);
        builder.AddRapportTelemetry(options.Metrics);
        // Each worker logs its failures and goes on (BackgroundLoop); should one escape, the host still serves.
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.AddHostedService<WorkerService>();
        builder.Services.AddHostedService<MemoryTrimService>();
        builder.Services.AddHostedService<InboundService>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiDocument>().AddOperationTransformer<ApiDocument>());
        builder.Services.AddRequestDecompression();
        builder.Services.AddCors(o => o.AddPolicy(TrackingApi.BrowserPolicy,
            p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("POST")));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition =
            System.Text.Json.Serialization.JsonIgnoreCondition.Never);

        var app = builder.Build();
        app.UsePageHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestDecompressionOfBodies();
        app.UseQueryTextCheck();
        app.UseCors();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapRapportTelemetry(options.Metrics);
        app.MapTrackingApi();
        app.MapContactsApi();
        app.MapDeadLettersApi();
        app.MapKeysApi();
        app.MapConsentApi();
        app.MapTopicsApi();
        app.MapSignupsApi();
        app.MapPrivacyApi();
        app.MapFormsApi();
        app.MapPreferenceCenterApi();
        app.MapSegmentsApi();
        app.MapTemplatesApi();
        app.MapPolicyApi();
        app.MapValueApi();
        app.MapWorkApi();
        app.MapJourneysApi();
        app.MapJourneyInstancesApi();
        app.MapJourneySimulationApi();
        app.MapMessagesApi();
        app.MapPreferenceCenter();
        app.MapUnsubscribePage();
        app.MapConfirmPage();
        return app;
    }

    /// <summary>Brings the schema up to date and makes sure the default workspace exists.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var applied = await MigrationRunner.ApplyAsync(services.GetRequiredService<Database>(), now, ct);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Rapport.Migrations");
        foreach (var migration in applied)
        {
            logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
        }

        await services.GetRequiredService<IWorkspaceStore>().GetOrCreateAsync(Workspace.DefaultName, now, ct);
        await services.GetRequiredService<PublicLinks>().ReadyAsync();
    }
}

using Rapport.Storage;

namespace Rapport.Server.Api;

/// <summary>GET /healthz: 200 when the store answers, 503 when it does not.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (Database db, CancellationToken ct) =>
                await db.IsReachableAsync(ct)
                    ? Results.Ok(new Health("ok", db.Dialect.ToString().ToLowerInvariant()))
                    : Results.Json(new Health("store unreachable", db.Dialect.ToString().ToLowerInvariant()),
                        statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health").WithSummary("Is the store reachable?");
        return app;
    }

    public sealed record Health(string Status, string Store);
}

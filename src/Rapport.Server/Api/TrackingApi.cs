using System.Runtime.InteropServices;
using System.Text.Json;
using Rapport.Core.Events;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Ingest;

namespace Rapport.Server.Api;

/// <summary>
/// The Segment HTTP Tracking API: /v1/identify, track, page, screen, group, alias and batch, with
/// Segment's limits (32 KB a message, 500 KB a batch). Any Segment library can point at Rapport.
/// Browser libraries send the write key in the body as "writeKey"; they also use one-letter paths.
/// Any content type is read as JSON, as Segment does (browsers send text/plain). Each message's text is
/// checked on its own (<see cref="JsonText"/>): a bad one is rejected by its index, the rest are stored.
/// </summary>
public static class TrackingApi
{
    public const string BrowserPolicy = "tracking-browser";

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Tracking (Segment-compatible)").RequireCors(BrowserPolicy)
            .WithMetadata(new KeyRequirement(ApiKeyRole.Ingest)); // checked in the handler: browsers send the key in the body
        foreach (var type in Enum.GetValues<MessageType>())
        {
            var name = type.Name();
            v1.MapPost($"/{name}", (HttpContext http, TrackingIngest ingest, ApiKeyAuthenticator keys) =>
                AcceptAsync(http, ingest, keys, type)).WithName($"Track{type}").WithSummary($"Segment {name} call")
                .Produces<TrackingAnswer>()
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
            v1.MapPost($"/{name[0]}", (HttpContext http, TrackingIngest ingest, ApiKeyAuthenticator keys) =>
                AcceptAsync(http, ingest, keys, type)).ExcludeFromDescription();
        }

        v1.MapPost("/batch", (HttpContext http, TrackingIngest ingest, ApiKeyAuthenticator keys) =>
            AcceptAsync(http, ingest, keys, null)).WithName("TrackBatch").WithSummary("Segment batch: up to 500 KB of messages")
            .Produces<TrackingAnswer>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        v1.MapPost("/b", (HttpContext http, TrackingIngest ingest, ApiKeyAuthenticator keys) =>
            AcceptAsync(http, ingest, keys, null)).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> AcceptAsync(HttpContext http, TrackingIngest ingest, ApiKeyAuthenticator keys, MessageType? type)
    {
        var limit = type is null ? TrackingMessageReader.MaxBatchBytes : TrackingMessageReader.MaxMessageBytes;
        var (document, problem) = await JsonBody.ReadAnyTypeAsync(http.Request, limit, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        using var body = document!;
        var root = body.RootElement;
        var caller = await keys.FindAsync(ApiKeyAuthenticator.SecretFromHeader(http.Request) ?? WriteKeyIn(root), http.RequestAborted);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"rapport\"";
            return Problems.Unauthorized();
        }

        if (!caller.Key.Allows(ApiKeyRole.Ingest))
        {
            return Problems.Forbidden(ApiKeyRole.Ingest);
        }

        if (type is null && (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("batch", out var batch)
                             || batch.ValueKind != JsonValueKind.Array))
        {
            return Problems.Invalid("batch", "a batch body is an object with a 'batch' array of messages");
        }

        if (type is null && JsonText.Check(JsonMarshal.GetRawUtf8Value(root), itemsCheckedApart: "batch") is { } envelope)
        {
            return Problems.Invalid(envelope.Path, envelope.Reason); // around the messages: sentAt, context, a second "batch"
        }

        var source = $"{caller.Key.Name} {http.Request.Path}";
        var outcome = await ingest.AcceptAsync(caller.Workspace.Id, root, type, source, http.RequestAborted);
        if (type is not null && outcome.Rejected.Count > 0)
        {
            return Problems.Invalid(outcome.Rejected[0].Field ?? "message", outcome.Rejected[0].Reason);
        }

        return TypedResults.Ok(new TrackingAnswer(true, outcome.Stored, outcome.Duplicates,
            outcome.Rejected.Select(r => new RejectedAnswer(r.Index, r.Reason)).ToList()));
    }

    private static string? WriteKeyIn(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("writeKey", out var key) && key.ValueKind == JsonValueKind.String
        && JsonText.Check(JsonMarshal.GetRawUtf8Value(key)) is null
            ? key.GetString()
            : null;
}

/// <summary>Segment's answer, {"success": true}, with what happened to each message.</summary>
public sealed record TrackingAnswer(bool Success, int Stored, int Duplicates, IReadOnlyList<RejectedAnswer> Rejected);

public sealed record RejectedAnswer(int Index, string Reason);

using Rapport.Core.Validation;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>The RFC 7807 answers of the API, each naming what was wrong.</summary>
public static class Problems
{
    public static IResult Unauthorized() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or unknown",
        detail: "Send 'Authorization: Bearer <key>' (or HTTP Basic with the key as user name). Create keys with 'rapport keys create'.");

    public static IResult Forbidden(ApiKeyRole needed) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "This key may not do that",
        detail: needed == ApiKeyRole.Ingest
            ? "Tracking takes ingest (write) keys only: use an ingest key ('rapport keys create --role ingest'). An admin key sent from a site or an app is public: revoke it ('rapport keys revoke')."
            : $"This endpoint needs an {needed.ToString().ToLowerInvariant()} key.");

    public static IResult Invalid(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "Some fields are not valid");

    public static IResult Invalid(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static IResult NotFound(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: $"No such {what}");

    public static IResult Conflict(string field, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult UnsupportedMediaType(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);

    /// <summary>A body the server gave up reading (Kestrel's own status: 408 too slow, 400 ended early, 413 too large).</summary>
    public static IResult Unreadable(int status, string detail) => TypedResults.Problem(
        statusCode: status, title: "The request body could not be read", detail: detail);

    public static IResult TooLarge(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: detail);
}

using System.Diagnostics;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>
/// Names the API in /openapi/v1.json, its ways of sending a key, and which operations need which: the admin key for
/// the admin API, a write (ingest) key for tracking, none for /healthz and the public pages, which it lists too.
/// </summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string AdminKey = "adminKey";
    public const string WriteKey = "writeKey";
    public const string WriteKeyBearer = "writeKeyBearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Rapport",
            Version = "v1",
            Description = "Dialogue marketing platform: Segment-compatible tracking (/v1), the admin API (/api/v1) and the public pages people open from messages.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[AdminKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An admin key: 'Authorization: Bearer KEY' (rapport keys create --role admin).",
        };
        document.Components.SecuritySchemes[WriteKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "basic",
            Description = "Segment convention: the write key (an ingest key) as user name, no password. Browsers may send it as \"writeKey\" in the body instead.",
        };
        document.Components.SecuritySchemes[WriteKeyBearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The write key (an ingest key) as 'Authorization: Bearer KEY'.",
        };
        PublicPagesDocument.AddTo(document);
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<KeyRequirement>().LastOrDefault() is { } needed)
        {
            operation.Security = needed.Role switch
            {
                ApiKeyRole.Admin => [Requirement(AdminKey, context.Document)],
                ApiKeyRole.Ingest => [Requirement(WriteKey, context.Document), Requirement(WriteKeyBearer, context.Document)], // either one
                _ => throw new UnreachableException(),
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}

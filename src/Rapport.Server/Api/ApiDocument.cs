using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Server.Api;

/// <summary>Names the API and its two ways of sending a key in /openapi/v1.json.</summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Rapport",
            Version = "v1",
            Description = "Dialogue marketing platform: Segment-compatible tracking (/v1) and the admin API (/api/v1).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An admin or ingest API key.",
        };
        document.Components.SecuritySchemes["writeKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "basic", Description = "Segment convention: the write key as user name.",
        };
        return Task.CompletedTask;
    }
}

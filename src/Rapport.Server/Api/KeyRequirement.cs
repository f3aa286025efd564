using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>Endpoint metadata: the routes need a key of this role (the OpenAPI document names the scheme).</summary>
public sealed record KeyRequirement(ApiKeyRole Role);

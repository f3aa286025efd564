using System.Diagnostics;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>
/// /api/v1/keys: the workspace's API keys (never their secrets) and revoking one, which takes effect at once on
/// every node. The workspace's last working admin key cannot be revoked here (the caller would lock everyone out);
/// `rapport keys revoke` on the server can.
/// </summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys").WithTags("Keys").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapGet("/", async (HttpContext http, IWorkspaceStore store) =>
                TypedResults.Ok((await store.KeysAsync(RequireApiKey.CallerOf(http).Workspace.Id, http.RequestAborted)).Select(KeyView.Of).ToList()))
            .WithSummary("The workspace's API keys, revoked ones too: name, role, the secret's last four characters, never the secret");
        keys.MapDelete("/{id:long}", RevokeAsync).WithSummary("Revoke a key: it stops working at once, on every node")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> RevokeAsync(long id, HttpContext http, IWorkspaceStore store, TimeProvider clock)
    {
        var outcome = await store.RevokeKeyAsync(RequireApiKey.CallerOf(http).Workspace.Id, id, keepOneAdminKey: true, clock.GetUtcNow(), http.RequestAborted);
        return outcome switch
        {
            KeyRevocation.Revoked or KeyRevocation.AlreadyRevoked => TypedResults.NoContent(),
            KeyRevocation.NotFound => Problems.NotFound("key"),
            KeyRevocation.LastAdminKey => Problems.Conflict("id",
                "This is the workspace's last working admin key: create another ('rapport keys create --role admin') before revoking it."),
            _ => throw new UnreachableException(),
        };
    }
}

public sealed record KeyView(long Id, string Name, string Role, string? Hint, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyView Of(ApiKey k) => new(k.Id, k.Name, WireName.Of(k.Role), k.Hint, k.CreatedAt, k.RevokedAt);
}

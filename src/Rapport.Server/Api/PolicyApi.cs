using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Policy;

namespace Rapport.Server.Api;

/// <summary>/api/v1/policy: the workspace's contact policy (caps, minimum interval, quiet hours), a versioned document the gate applies to every message.</summary>
public static class PolicyApi
{
    private const int BodyLimit = 64 * 1024;

    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/policy").WithTags("Contact policy").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", GetAsync).WithSummary("The contact policy in force (?version=N: that version), or the default when none was saved, with every version")
            .Produces<PolicyView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        api.MapPut("/", SaveAsync).WithSummary("Store the contact policy as its next version (the same rules again: the version in force stays)")
            .Accepts<PolicyInput>("application/json").Produces<PolicyView>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, ContactPolicies policies, IPolicyStore store, int? version)
    {
        if (version is < 1)
        {
            return Problems.Invalid("version", "a whole number of at least 1");
        }

        var ws = Workspace(http);
        var policy = version is null ? await policies.InForceAsync(ws, http.RequestAborted) : await policies.VersionAsync(ws, version, http.RequestAborted);
        return policy is null
            ? Problems.NotFound("version of the contact policy")
            : TypedResults.Ok(PolicyView.Of(policy, await store.VersionsAsync(ws, http.RequestAborted)));
    }

    private static async Task<IResult> SaveAsync(HttpContext http, ContactPolicies policies, IPolicyStore store)
    {
        var (document, problem) = await JsonBody.ReadAsync(http.Request, BodyLimit, http.RequestAborted);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            var errors = new FieldErrors();
            return await policies.SaveAsync(Workspace(http), document.RootElement, errors, http.RequestAborted) is { } saved
                ? TypedResults.Ok(PolicyView.Of(saved, await store.VersionsAsync(Workspace(http), http.RequestAborted)))
                : Problems.Invalid(errors);
        }
    }

    private static int Workspace(HttpContext http) => RequireApiKey.CallerOf(http).Workspace.Id;
}

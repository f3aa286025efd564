using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>
/// Refuses a request without a valid key of the needed role: 401 without a (known) key, 403 with a key
/// of the wrong role. The caller is left in HttpContext.Items for the handler.
/// </summary>
public sealed class RequireApiKey(ApiKeyRole role) : IEndpointFilter
{
    private const string CallerItem = "rapport.caller";

    public static Caller CallerOf(HttpContext context) => (Caller)context.Items[CallerItem]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        var caller = await authenticator.FindAsync(ApiKeyAuthenticator.SecretFromHeader(http.Request), http.RequestAborted);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized();
        }

        if (!caller.Key.Allows(role))
        {
            return Problems.Forbidden(role);
        }

        http.Items[CallerItem] = caller;
        return await next(context);
    }
}

public static class RequireApiKeyExtensions
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeyRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RequireApiKey(role)).WithMetadata(new KeyRequirement(role));
}

namespace Rapport.Server.Api;

/// <summary>
/// One check for the query string of every route: a parameter (name or value) holding text Rapport
/// does not accept (<see cref="DecodedText"/>) is answered 400 naming the parameter, before any handler
/// or database sees it.
/// </summary>
public static class QueryText
{
    public static IApplicationBuilder UseQueryTextCheck(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            foreach (var (name, values) in http.Request.Query)
            {
                if (DecodedText.Problem(name, values) is { } problem)
                {
                    await Problems.Invalid(name, problem).ExecuteAsync(http);
                    return;
                }
            }

            await next(http);
        });
}

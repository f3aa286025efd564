namespace Rapport.Server.Pages;

/// <summary>
/// The headers of every answer under the public pages (/p/, /u/, /confirm/, /f/), error answers included:
/// a Content-Security-Policy that allows the pages' one style sheet and forms posting back to Rapport and
/// nothing else (no scripts, images or frames: the pages need none, and no site may frame them to trick a
/// click on "unsubscribe"), no MIME sniffing, no Referer (the signed token is in the URL) and no caching
/// (a page shows a person's data). Set as the answer starts, so that error handlers cannot drop them.
/// </summary>
public static class PageHeaders
{
    private static readonly PathString[] Pages = ["/p", "/u", "/confirm", "/f"];

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{Html.StyleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Before the exception handler: its own headers are set first, these last.</summary>
    public static IApplicationBuilder UsePageHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Pages.Any(page => http.Request.Path.StartsWithSegments(page)))
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        }

        await next(http);
    });
}

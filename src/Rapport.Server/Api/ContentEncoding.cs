namespace Rapport.Server.Api;

/// <summary>
/// Request bodies sent compressed (Content-Encoding: gzip, deflate or br) are decompressed as they are
/// read. One that is not what its Content-Encoding says makes the decompressing stream fail: that is the
/// sender's mistake, answered 400, not the server's. The decompression takes the header away, so the
/// encoding is remembered for the answer.
/// </summary>
public static class ContentEncoding
{
    private const string Item = "rapport.content-encoding";

    /// <summary>Request decompression, remembering each request's Content-Encoding first.</summary>
    public static IApplicationBuilder UseRequestDecompressionOfBodies(this IApplicationBuilder app) =>
        app.Use((http, next) =>
            {
                if (http.Request.Headers.ContentEncoding.Count > 0)
                {
                    http.Items[Item] = http.Request.Headers.ContentEncoding.ToString();
                }

                return next(http);
            })
            .UseRequestDecompression();

    /// <summary>Whether <paramref name="e"/>, thrown while reading the body, is its decoding failing.</summary>
    public static bool Failed(Exception e, HttpRequest request) =>
        request.HttpContext.Items.ContainsKey(Item)
        && e is InvalidDataException or InvalidOperationException; // gzip and deflate throw the first, br the second

    public static string Problem(HttpRequest request) =>
        $"the body is not {request.HttpContext.Items[Item]} data, as its Content-Encoding says";
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Rapport.Server.Tests;

/// <summary>
/// Sends bodies as bytes, with whatever Content-Type and Content-Encoding a careless or hostile client
/// gives (or none): text that is not UTF-8, a "gzip" body that is not gzip, a form with %00.
/// </summary>
public static class RawHttp
{
    public static async Task<(HttpStatusCode Status, string Type, string Text)> SendAsync(
        this HttpClient client, HttpMethod method, string path, byte[] body, string? contentType = "application/json", string? encoding = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The fields a problem answer names ("errors": {"traits.note": [...]}).</summary>
    public static IReadOnlyList<string> ErrorFields(string problem) =>
        JsonNode.Parse(problem)!["errors"]!.AsObject().Select(e => e.Key).ToList();
}

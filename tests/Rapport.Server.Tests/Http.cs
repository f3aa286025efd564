using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.Server.Tests;

/// <summary>Sends JSON and reads the answer as JSON: the way an API user sees Rapport.</summary>
public static class Http
{
    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(HttpMethod.Post, path, json);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PatchAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(HttpMethod.Patch, path, json);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path, null);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rapport.Server.Tests;

/// <summary>/openapi/v1.json as a client generator reads it: which key each operation needs, and the public pages.</summary>
public abstract class ApiDocumentTests(ServerFixture server)
{
    private static readonly string[] PublicPrefixes = ["/p/", "/u/", "/confirm/", "/f/"];

    [Fact]
    public async Task Admin_operations_need_the_admin_key_tracking_a_write_key_and_health_and_the_public_pages_none()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();

        Assert.Contains(operations, o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal));
        foreach (var (path, method, operation) in operations)
        {
            var schemes = operation["security"]?.AsArray().Select(r => string.Join('+', r!.AsObject().Select(s => s.Key))).ToList() ?? [];
            string[] expected = path.StartsWith("/api/v1/", StringComparison.Ordinal) ? ["adminKey"]
                : path.StartsWith("/v1/", StringComparison.Ordinal) ? ["writeKey", "writeKeyBearer"]
                : [];
            Assert.True(expected.SequenceEqual(schemes), $"{method} {path} names the schemes [{string.Join(", ", schemes)}]");
        }

        var schemesDefined = document["components"]!["securitySchemes"]!;
        Assert.Equal(("http", "bearer"), (Text(schemesDefined["adminKey"]!["type"]), Text(schemesDefined["adminKey"]!["scheme"])));
        Assert.Equal(("http", "basic"), (Text(schemesDefined["writeKey"]!["type"]), Text(schemesDefined["writeKey"]!["scheme"])));
    }

    [Fact]
    public async Task Every_public_page_is_listed_with_its_form_fields()
    {
        var document = await DocumentAsync();
        var listed = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet();

        var served = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => PublicPrefixes.Any(p => e.RoutePattern.RawText!.StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText}"))
            .ToList();
        Assert.Equal(8, served.Count);
        Assert.All(served, route => Assert.Contains(route, listed));

        var signup = document["paths"]!["/f/{id}"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        Assert.Equal(["email", "locale", "topics", "website"], signup["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("array", Text(signup["properties"]!["topics"]!["type"]));
        var oneClick = document["paths"]!["/u/{token}"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        Assert.NotNull(oneClick["properties"]!["List-Unsubscribe"]);
        var preferences = document["paths"]!["/p/{token}"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        Assert.Contains(preferences["patternProperties"]!.AsObject(), p => p.Key.StartsWith(@"^sub\.", StringComparison.Ordinal));
        Assert.Equal("text/html", document["paths"]!["/confirm/{token}"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Single().Key);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = server.Anonymous();
        var (status, body) = await client.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key != "parameters")
            .Select(op => (path.Key, op.Key, op.Value!)));

    private static string Text(JsonNode? node) => node!.GetValue<string>();
}

public sealed class ApiDocumentOnSqlite(SqliteServer server) : ApiDocumentTests(server), IClassFixture<SqliteServer>;

public sealed class ApiDocumentOnPostgres(PostgresServer server) : ApiDocumentTests(server), IClassFixture<PostgresServer>;

using System.Net;

namespace Rapport.Server.Tests;

public abstract class HostTests(ServerFixture server)
{
    [Fact]
    public async Task Health_says_the_store_is_reachable()
    {
        using var client = server.Anonymous();
        var (status, body) = await client.GetJsonAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("ok", server.Kind.ToString().ToLowerInvariant()), ((string?)body!["status"], (string?)body["store"]));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_public_route()
    {
        using var client = server.Anonymous();
        var (status, body) = await client.GetJsonAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, status);
        var paths = body!["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[]
                 {
                     "/healthz", "/v1/identify", "/v1/track", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias", "/v1/batch",
                     "/api/v1/contacts", "/api/v1/contacts/{id}", "/api/v1/contacts/{id}/timeline", "/api/v1/dead-letters",
                 })
        {
            Assert.Contains(expected, paths);
        }

        var create = body["paths"]!["/api/v1/contacts"]!["post"]!;
        Assert.NotNull(create["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(create["responses"]!["201"]);
        Assert.NotNull(create["responses"]!["409"]);
        Assert.NotNull(body["components"]!["securitySchemes"]!["adminKey"]);
    }
}

public sealed class HostOnSqlite(SqliteServer server) : HostTests(server), IClassFixture<SqliteServer>;

public sealed class HostOnPostgres(PostgresServer server) : HostTests(server), IClassFixture<PostgresServer>;

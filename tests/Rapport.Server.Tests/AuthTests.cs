using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rapport.Server.Tests;

/// <summary>Every admin route refuses a missing, unknown or ingest-only key; tracking refuses a missing one.</summary>
public abstract class AuthTests(ServerFixture server)
{
    public static readonly TheoryData<string> Keys = new() { "none", "wrong", "ingest" };

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Every_admin_route_refuses_a_caller_without_an_admin_key(string key)
    {
        var routes = AdminRoutes();
        Assert.NotEmpty(routes);
        using var client = key switch
        {
            "none" => server.Anonymous(),
            "wrong" => server.Client("rk_" + new string('x', 43)),
            _ => server.Client(server.IngestKey),
        };

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id:long}", "1", StringComparison.Ordinal))
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request);
            var expected = key == "ingest" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            Assert.True(expected == response.StatusCode, $"{method} {path} answered {response.StatusCode} to key '{key}'");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Tracking_refuses_a_missing_or_unknown_write_key_and_takes_basic_or_bearer()
    {
        const string body = """{"userId":"auth-u","event":"Tested"}""";
        using var anonymous = server.Anonymous();
        using var none = await anonymous.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
        using var wrong = server.Client("nope");
        using var unknown = await wrong.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
        using var basic = server.Anonymous();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(server.IngestKey + ":")));
        using var viaBasic = await basic.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
        using var bearer = server.Client(server.IngestKey);
        using var viaBearer = await bearer.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaBasic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaBearer.StatusCode);
    }

    private List<(string Method, string Path)> AdminRoutes() =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (m, e.RoutePattern.RawText!)))
            .ToList();
}

public sealed class AuthOnSqlite(SqliteServer server) : AuthTests(server), IClassFixture<SqliteServer>;

public sealed class AuthOnPostgres(PostgresServer server) : AuthTests(server), IClassFixture<PostgresServer>;

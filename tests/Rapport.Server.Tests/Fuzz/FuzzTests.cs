using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Server.Tests.Fuzz;

namespace Rapport.Server.Tests;

/// <summary>
/// Every route of the OpenAPI document, sent the classes of bad input a stranger sends (broken UTF-8, lone
/// surrogates, NUL, wrong types, duplicate keys, deep nesting, extreme numbers, bodies that are not JSON, wrong
/// headers, bad query values and path segments), seeded: none may answer 5xx, and the server must go on serving.
/// </summary>
public abstract class FuzzTests(ServerFixture server)
{
    private const int Requests = 1500;
    private static readonly string[] QueryNames = ["q", "externalId", "email", "phone", "after", "limit", "cursor", "from", "to", "format", "erase", "status", "contactId"];

    [Fact]
    public async Task No_bad_input_gets_a_5xx_on_any_route()
    {
        var random = new Random(13);
        var bad = new BadInput(random);
        using var admin = server.Client();
        var known = await KnownValuesAsync(admin);
        var operations = await OperationsAsync(admin);
        Assert.Contains(operations, o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Path.StartsWith("/v1/", StringComparison.Ordinal));

        var failures = new List<string>();
        using var anonymous = server.Anonymous();
        using var ingest = new HttpClient { BaseAddress = server.BaseAddress };
        ingest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(server.IngestKey + ":")));
        for (var i = 0; i < Requests; i++)
        {
            var (method, template) = operations[random.Next(operations.Count)];
            var hasBody = method is "POST" or "PUT" or "PATCH";
            var kind = bad.Pick(hasBody);
            var path = Fill(template, kind == BadKind.BadPathValue ? bad : null, known, random);
            if (kind == BadKind.BadQuery)
            {
                path += $"?{QueryNames[random.Next(QueryNames.Length)]}={bad.QueryValue()}";
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (hasBody)
            {
                request.Content = Content(template, kind, bad, random);
            }

            var client = template.StartsWith("/api/", StringComparison.Ordinal) ? admin : template.StartsWith("/v1/", StringComparison.Ordinal) ? ingest : anonymous;
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                var body = request.Content is null ? "" : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync());
                failures.Add($"{method} {path[..Math.Min(path.Length, 120)]} [{kind}] {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Requests} answers were 5xx:\n" + string.Join('\n', failures.Distinct().Take(40)));
        await StillServesAsync(admin, ingest);
    }

    /// <summary>After all that, the host answers, ingests and keeps segments.</summary>
    private static async Task StillServesAsync(HttpClient admin, HttpClient ingest)
    {
        Assert.Equal(HttpStatusCode.OK, (await admin.GetJsonAsync("/healthz")).Status);
        var (tracked, _) = await ingest.PostAsync("/v1/identify", """{"userId":"after-fuzz","traits":{"plan":"after-fuzz"}}""");
        Assert.Equal(HttpStatusCode.OK, tracked);
        var (saved, _) = await admin.SendAsync(HttpMethod.Put, "/api/v1/segments/after-fuzz",
            """{"name":"After the fuzz","condition":{"trait":"traits.plan","op":"eq","value":"after-fuzz"}}""");
        Assert.True(saved is HttpStatusCode.OK or HttpStatusCode.Created, $"saving a segment answered {saved}");
        var (status, segment) = await admin.GetJsonAsync("/api/v1/segments/after-fuzz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, segment!["members"]!.GetValue<int>());
    }

    private static HttpContent Content(string template, BadKind kind, BadInput bad, Random random)
    {
        if (!template.StartsWith("/api/", StringComparison.Ordinal) && !template.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return new StringContent(PlausibleBodies.Form(kind, random), Encoding.ASCII, "application/x-www-form-urlencoded");
        }

        var content = new ByteArrayContent(bad.Body(kind, PlausibleBodies.For(template)));
        if (kind != BadKind.WrongHeaders)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        switch (random.Next(5))
        {
            case 0:
                break; // no Content-Type at all
            case 1:
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                break;
            case 2:
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16");
                break;
            case 3:
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                content.Headers.ContentEncoding.Add("gzip");
                break;
            default:
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                content.Headers.ContentEncoding.Add(random.Next(2) == 0 ? "br" : "deflate");
                break;
        }

        return content;
    }

    private static string Fill(string template, BadInput? bad, Known known, Random random)
    {
        var path = new StringBuilder();
        foreach (var part in template.Split('/'))
        {
            path.Append(path.Length == 0 && part.Length == 0 ? "" : "/");
            if (!part.StartsWith('{'))
            {
                path.Append(part);
                continue;
            }

            path.Append(bad?.PathValue() ?? (part, template) switch
            {
                ("{token}", _) when template.StartsWith("/p/", StringComparison.Ordinal) => known.PreferencesToken,
                ("{token}", _) when template.StartsWith("/u/", StringComparison.Ordinal) => known.UnsubscribeToken,
                ("{id}", _) when template.StartsWith("/f/", StringComparison.Ordinal) => known.FormId,
                ("{id}", _) => random.Next(3) == 0 ? "999999" : known.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ("{key}", _) => random.Next(2) == 0 ? "fuzz" : "news",
                _ => "x",
            });
        }

        return path.ToString();
    }

    private sealed record Known(long ContactId, string PreferencesToken, string UnsubscribeToken, string FormId);

    /// <summary>A real contact with its links and a real form, so the bad input reaches the pages' own handling.</summary>
    private static async Task<Known> KnownValuesAsync(HttpClient admin)
    {
        var (_, contact) = await admin.PostAsync("/api/v1/contacts", """{"externalId":"fuzz-known","email":"fuzz-known@example.com"}""");
        var id = contact!["id"]!.GetValue<long>();
        await admin.PostAsync($"/api/v1/contacts/{id}/consent", """{"action":"grant","topic":"news","channel":"email"}""");
        var (_, links) = await admin.GetJsonAsync($"/api/v1/contacts/{id}/links");
        var (_, form) = await admin.PostAsync("/api/v1/forms", """{"name":"Fuzz form","topics":["news"]}""");
        return new Known(id, TokenOf(links!["preferences"]!), TokenOf(links["unsubscribe"]!), form!["id"]!.ToString());
    }

    private static string TokenOf(JsonNode url) => new Uri(url.GetValue<string>()).Segments[^1];

    /// <summary>Every (method, path) of the OpenAPI document, with route constraints stripped from the parameters.</summary>
    private static async Task<List<(string Method, string Path)>> OperationsAsync(HttpClient client)
    {
        var (status, document) = await client.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        return document!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject()
                .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => (o.Key.ToUpperInvariant(), p.Key)))
            .ToList();
    }
}

public sealed class FuzzOnSqlite(SqliteServer server) : FuzzTests(server), IClassFixture<SqliteServer>;

public sealed class FuzzOnPostgres(PostgresServer server) : FuzzTests(server), IClassFixture<PostgresServer>;

using System.Net;
using System.Text;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// What text the admin API accepts, decided once at the edge: well-formed UTF-8, no unpaired surrogate,
/// no NUL, each field once per object, in bodies that say application/json; anything else is a 4xx
/// naming the field or parameter, never a 5xx, and nothing is stored.
/// </summary>
public abstract class BodyTextTests(ServerFixture server)
{
    public static readonly TheoryData<string, string, string, string> NotText = new()
    {
        { "PUT", "/api/v1/topics/t-surrogate", """{"name":"\ud800"}""", "name" },
        { "POST", "/api/v1/contacts", """{"externalId":"x-surrogate","traits":{"note":"a\udc00"}}""", "traits.note" },
        { "PUT", "/api/v1/segments/nul-value", """{"name":"S","condition":{"all":[{"trait":"email","op":"exists"},{"trait":"traits.plan","op":"eq","value":"a\u0000"}]}}""", "condition.all[1].value" },
        { "PUT", "/api/v1/segments/nul-name", """{"name":"a\u0000b","condition":{"trait":"email","op":"exists"}}""", "name" },
        { "PUT", "/api/v1/loyalty/ladder", """{"customer":{"measure":"\ud800","op":"gte","value":1}}""", "customer.measure" },
        { "POST", "/api/v1/signups", """{"email":"\ud800@example.com","topics":["news"]}""", "email" },
        { "PUT", "/api/v1/value/settings", """{"marginRate":0.3,"\ud800":1}""", "body" },
        { "PUT", "/api/v1/segments/twice", """{"name":"a","name":"b","condition":{"trait":"email","op":"exists"}}""", "name" },
        { "PUT", "/api/v1/segments/nested-twice", """{"name":"a","condition":{"all":[{"trait":"traits.plan","op":"eq","value":"a","value":"b"}]}}""", "condition.all[0].value" },
        { "POST", "/api/v1/contacts", """{"email":"one@example.com","email":"two@example.com"}""", "email" },
    };

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task A_body_with_text_Rapport_does_not_accept_gets_400_naming_the_field_and_nothing_is_stored(
        string method, string path, string json, string field)
    {
        using var admin = server.Client();
        var before = (await admin.GetJsonAsync("/api/v1/contacts?limit=500")).Body!["items"]!.AsArray().Count;

        var (status, type, problem) = await admin.SendAsync(new HttpMethod(method), path, Encoding.UTF8.GetBytes(json));

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (status, type));
        Assert.Equal([field], RawHttp.ErrorFields(problem));
        Assert.Equal(before, (await admin.GetJsonAsync("/api/v1/contacts?limit=500")).Body!["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/v1/segments/nul-value")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync("/api/v1/segments/nul-name")).Status);
    }

    [Fact]
    public async Task A_body_that_is_not_UTF_8_gets_400_naming_the_field()
    {
        byte[] body = [.. "{\"name\":\""u8, 0xff, 0xfe, .. "\"}"u8];

        var (status, _, problem) = await server.Client().SendAsync(HttpMethod.Put, "/api/v1/topics/not-utf8", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("name", RawHttp.ErrorFields(problem));
        Assert.Contains("not valid UTF-8", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_what_its_Content_Encoding_says_gets_400_with_or_without_a_key()
    {
        var plain = Encoding.UTF8.GetBytes("""{"name":"Plain"}""");

        var admin = await server.Client().SendAsync(HttpMethod.Put, "/api/v1/topics/gzip", plain, encoding: "gzip");
        var tracking = await server.Anonymous().SendAsync(HttpMethod.Post, "/v1/identify", plain, encoding: "gzip");
        var deflate = await server.Client().SendAsync(HttpMethod.Post, "/api/v1/contacts", plain, encoding: "deflate");

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (admin.Status, admin.Type));
        Assert.Contains("not gzip data", admin.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tracking.Status);
        Assert.Equal(HttpStatusCode.BadRequest, deflate.Status);
        Assert.DoesNotContain((await server.Client().GetJsonAsync("/api/v1/topics")).Body!.AsArray(), t => (string?)t!["key"] == "gzip");
    }

    [Fact]
    public async Task An_admin_body_without_application_json_gets_415_while_tracking_takes_any_type_as_Segment_does()
    {
        var topic = Encoding.UTF8.GetBytes("""{"name":"Typeless"}""");
        var message = Encoding.UTF8.GetBytes($$"""{"userId":"{{Some.Id("typeless")}}","event":"Typed"}""");

        var none = await server.Client().SendAsync(HttpMethod.Put, "/api/v1/topics/typeless", topic, contentType: null);
        var text = await server.Client().SendAsync(HttpMethod.Put, "/api/v1/topics/typeless", topic, contentType: "text/plain");
        var tracked = await server.Client(server.IngestKey).SendAsync(HttpMethod.Post, "/v1/track", message, contentType: "text/plain");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "application/problem+json"), (none.Status, none.Type));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.Status);
        Assert.Equal(HttpStatusCode.OK, tracked.Status);
    }

    [Fact]
    public async Task A_body_that_arrives_too_slowly_gets_408_problem_details()
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /api/v1/topics/slow HTTP/1.1\r\nHost: rapport\r\nAuthorization: Bearer {server.AdminKey}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"));
        var answer = new byte[4096];
        var read = stream.ReadAsync(answer).AsTask();
        while (!read.IsCompleted) // a byte at a time, slower than Kestrel's least data rate (240 bytes a second after 5 s)
        {
            try
            {
                await stream.WriteAsync(" "u8.ToArray());
            }
            catch (IOException) // the server answered and closed between the look and the write
            {
                break;
            }

            await Task.WhenAny(read, Task.Delay(100));
        }

        var head = Encoding.ASCII.GetString(answer, 0, await read);
        Assert.StartsWith("HTTP/1.1 408", head, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/contacts?q=a%00", "q")]
    [InlineData("/api/v1/contacts?externalId=%00", "externalId")]
    [InlineData("/api/v1/segments/any/changes?x%00=1", "x\0")]
    public async Task A_query_parameter_holding_NUL_gets_400_naming_it(string path, string parameter)
    {
        var (status, type, problem) = await server.Client().SendAsync(HttpMethod.Get, path, [], contentType: null);

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (status, type));
        Assert.Equal([parameter], RawHttp.ErrorFields(problem));
    }
}

public sealed class BodyTextOnSqlite(SqliteServer server) : BodyTextTests(server), IClassFixture<SqliteServer>;

public sealed class BodyTextOnPostgres(PostgresServer server) : BodyTextTests(server), IClassFixture<PostgresServer>;

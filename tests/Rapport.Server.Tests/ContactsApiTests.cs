using System.Net;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>/api/v1/contacts as an integrator uses it.</summary>
public abstract class ContactsApiTests(ServerFixture server)
{
    [Fact]
    public async Task A_created_contact_is_normalised_and_can_be_read_and_looked_up()
    {
        using var admin = server.Client();
        var id = Some.Id("crm");
        var (status, created) = await admin.PostAsync("/api/v1/contacts", $$$"""
            {"externalId":"{{{id}}}","email":"Zofia.Kowalska@Przyklad.PL","phone":"(601) 234-568","locale":"ar_SA","timeZone":"Asia/Riyadh",
             "address":{"name":"Zofia Kowalska","lines":["ul. Polna 3"],"postcode":"30-001","city":"Kraków","country":"PL"},
             "traits":{"interests":["garden","books"]}}
            """);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Zofia.Kowalska@przyklad.pl", (string?)created!["email"]);
        Assert.Equal("+48601234568", (string?)created["phone"]);
        Assert.Equal("ar-SA", (string?)created["locale"]);
        var read = (await admin.GetJsonAsync($"/api/v1/contacts/{created["id"]}")).Body;
        Assert.True(JsonNode.DeepEquals(created, read));
        Assert.Equal((long)created["id"]!, (long)(await TrackingApiTests.FindAsync(admin, "email", "zofia.kowalska@PRZYKLAD.pl"))["id"]!);
        Assert.Equal((long)created["id"]!, (long)(await TrackingApiTests.FindAsync(admin, "phone", "+48 601 234 568"))["id"]!);
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_problem_answer()
    {
        using var admin = server.Client();
        var (status, body) = await admin.PostAsync("/api/v1/contacts",
            """{"email":"not-an-address","phone":"call me","timeZone":"Mars/Base","locale":"xx-YY","traits":[1],"address":{"lines":"one"},"nickname":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(
            new[] { "address.lines", "email", "locale", "nickname", "phone", "timeZone", "traits" },
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("IANA", (string?)errors["timeZone"]![0]);
    }

    [Theory]
    [InlineData("""{"email":"a@example.com","traits":{"note":"a\u0000b"}}""")]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    public async Task Malformed_or_empty_bodies_get_400_not_500(string json)
    {
        using var admin = server.Client();
        var (status, body) = await admin.PostAsync("/api/v1/contacts", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]);
    }

    [Fact]
    public async Task A_patch_changes_only_the_given_fields_and_null_clears_one()
    {
        using var admin = server.Client();
        var created = (await admin.PostAsync("/api/v1/contacts",
            $$$"""{"externalId":"{{{Some.Id("p")}}}","email":"{{{Some.Email()}}}","phone":"+48601000999","traits":{"a":1,"b":2}}""")).Body!;
        server.Clock.Advance(TimeSpan.FromMinutes(5));

        var (status, patched) = await admin.PatchAsync($"/api/v1/contacts/{created["id"]}", """{"phone":null,"traits":{"b":null,"c":3}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((string?)created["email"], (string?)patched!["email"]);
        Assert.Null(patched["phone"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":1,"c":3}"""), patched["traits"]));
        Assert.Equal(server.Clock.GetUtcNow(), (DateTimeOffset)patched["updatedAt"]!);
        Assert.Equal((DateTimeOffset)created["createdAt"]!, (DateTimeOffset)patched["createdAt"]!);
    }

    [Fact]
    public async Task An_external_id_in_use_is_a_409_conflict()
    {
        using var admin = server.Client();
        var id = Some.Id("dup");
        await admin.PostAsync("/api/v1/contacts", $$$"""{"externalId":"{{{id}}}"}""");
        var other = (await admin.PostAsync("/api/v1/contacts", $$$"""{"email":"{{{Some.Email()}}}"}""")).Body!;

        var (created, _) = await admin.PostAsync("/api/v1/contacts", $$$"""{"externalId":"{{{id}}}"}""");
        var (patched, body) = await admin.PatchAsync($"/api/v1/contacts/{other["id"]}", $$$"""{"externalId":"{{{id}}}"}""");

        Assert.Equal(HttpStatusCode.Conflict, created);
        Assert.Equal(HttpStatusCode.Conflict, patched);
        Assert.Equal("externalId", (string?)body!["field"]);
    }

    [Fact]
    public async Task A_deleted_contact_is_gone_with_its_timeline()
    {
        using var admin = server.Client();
        using var ingest = server.Client(server.IngestKey);
        var user = Some.Id("del");
        await ingest.PostAsync("/v1/track", $$$"""{"userId":"{{{user}}}","event":"Joined"}""");
        var contact = await TrackingApiTests.FindAsync(admin, "externalId", user);

        var (deleted, _) = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/contacts/{contact["id"]}", null);
        var (again, _) = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/contacts/{contact["id"]}", null);
        var (get, _) = await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}");
        var (timeline, _) = await admin.GetJsonAsync($"/api/v1/contacts/{contact["id"]}/timeline");

        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (again, get, timeline));
    }

    [Fact]
    public async Task Search_pages_with_next_until_the_end()
    {
        using var admin = server.Client();
        var prefix = Some.Id("page");
        for (var i = 0; i < 5; i++)
        {
            await admin.PostAsync("/api/v1/contacts", $$$"""{"externalId":"{{{prefix}}}-{{{i}}}"}""");
        }

        var seen = new List<string>();
        string? next = null;
        do
        {
            var body = (await admin.GetJsonAsync($"/api/v1/contacts?q={prefix}&limit=2" + (next is null ? "" : $"&after={next}"))).Body!;
            seen.AddRange(body["items"]!.AsArray().Select(c => (string)c!["externalId"]!));
            next = (string?)body["next"];
        }
        while (next is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), seen);
    }

    [Theory]
    [InlineData("/api/v1/contacts?limit=0", "limit")]
    [InlineData("/api/v1/contacts?limit=many", "limit")]
    [InlineData("/api/v1/contacts?after=x", "after")]
    [InlineData("/api/v1/contacts?email=nope", "email")]
    [InlineData("/api/v1/contacts?phone=abc", "phone")]
    [InlineData("/api/v1/contacts/1/timeline?cursor=zz", "cursor")]
    [InlineData("/api/v1/dead-letters?limit=501", "limit")]
    public async Task Bad_query_parameters_get_400_naming_them(string path, string field)
    {
        using var admin = server.Client();
        var (status, body) = await admin.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]![field]);
    }
}

public sealed class ContactsApiOnSqlite(SqliteServer server) : ContactsApiTests(server), IClassFixture<SqliteServer>;

public sealed class ContactsApiOnPostgres(PostgresServer server) : ContactsApiTests(server), IClassFixture<PostgresServer>;

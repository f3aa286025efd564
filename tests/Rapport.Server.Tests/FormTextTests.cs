using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.Server.Tests;

/// <summary>
/// Forms posted to the public pages and signup forms with %00, bytes that are not UTF-8, a broken
/// multipart body or a false Content-Encoding: a clear 400, and nothing is stored or withdrawn.
/// </summary>
public abstract class FormTextTests(ServerFixture server)
{
    private const string Form = "application/x-www-form-urlencoded";

    public static readonly TheoryData<string, string> PageForms = new()
    {
        { "preferences", "profile.firstName=%00" },
        { "leave", "reason=other&reasonText=%00" },
        { "unsubscribe", "List-Unsubscribe=One-Click&note=%00" },
    };

    [Theory]
    [MemberData(nameof(PageForms))]
    public async Task A_public_page_form_with_NUL_gets_a_400_page_and_changes_nothing(string page, string form)
    {
        var (contact, url) = await PageAsync(page);
        var before = await StateAsync(contact);

        var (status, type, _) = await server.Anonymous().SendAsync(HttpMethod.Post, url, Encoding.ASCII.GetBytes(form), Form);

        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (status, type));
        Assert.Equal(before, await StateAsync(contact));
    }

    [Fact]
    public async Task A_public_page_form_with_bytes_that_are_not_UTF_8_gets_a_400_page_and_changes_nothing()
    {
        var (contact, url) = await PageAsync("preferences");
        var before = await StateAsync(contact);

        var (status, type, page) = await server.Anonymous().SendAsync(HttpMethod.Post, url, [.. "profile.firstName=Ala"u8, 0xff], Form);

        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (status, type));
        Assert.Contains("Nothing was changed", page, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(contact));
    }

    [Fact]
    public async Task A_broken_or_falsely_compressed_form_gets_a_400_page()
    {
        var (_, url) = await PageAsync("unsubscribe");
        using var anonymous = server.Anonymous();

        var multipart = await anonymous.SendAsync(HttpMethod.Post, url, "--zz\r\nContent-Disposition: form-data"u8.ToArray(), "multipart/form-data; boundary=zz");
        var gzip = await anonymous.SendAsync(HttpMethod.Post, url, "List-Unsubscribe=One-Click"u8.ToArray(), Form, encoding: "gzip");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (multipart.Status, gzip.Status));
    }

    [Fact]
    public async Task A_signup_form_posted_with_NUL_gets_400_and_signs_no_one_up()
    {
        using var admin = server.Client();
        await admin.SendAsync(HttpMethod.Put, "/api/v1/topics/news", """{"name":"News"}""");
        var form = (string)(await admin.PostAsync("/api/v1/forms", """{"name":"Footer","topics":["news"]}""")).Body!["id"]!;
        var email = Rapport.Testing.Some.Email();

        var (status, type, problem) = await server.Anonymous().SendAsync(HttpMethod.Post, $"/f/{form}",
            Encoding.ASCII.GetBytes("email=" + Uri.EscapeDataString(email).Replace("%40", "%00%40", StringComparison.Ordinal)), Form);
        var gzip = await server.Anonymous().SendAsync(HttpMethod.Post, $"/f/{form}", Encoding.ASCII.GetBytes("email=" + Uri.EscapeDataString(email)), Form, "gzip");

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (status, type));
        Assert.Equal(["body"], RawHttp.ErrorFields(problem));
        Assert.Equal(HttpStatusCode.BadRequest, gzip.Status);
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/contacts?email={Uri.EscapeDataString(email)}")).Body!["items"]!.AsArray());
    }

    /// <summary>A new contact with a first name and an e-mail address, and the path of one of its pages.</summary>
    private async Task<(long Contact, string Path)> PageAsync(string page)
    {
        using var admin = server.Client();
        var created = (await admin.PostAsync("/api/v1/contacts", $$$"""{"email":"{{{Rapport.Testing.Some.Email()}}}","traits":{"firstName":"Ola"}}""")).Body!;
        var links = (await admin.GetJsonAsync($"/api/v1/contacts/{created["id"]}/links")).Body!;
        var path = new Uri((string)links[page == "unsubscribe" ? "unsubscribe" : "preferences"]!).PathAndQuery;
        return ((long)created["id"]!, page == "leave" ? path + "/leave" : path);
    }

    /// <summary>What a form could change: the profile and the consent ledger.</summary>
    private async Task<string> StateAsync(long contact)
    {
        using var admin = server.Client();
        var profile = (await admin.GetJsonAsync($"/api/v1/contacts/{contact}")).Body!;
        var ledger = (await admin.GetJsonAsync($"/api/v1/contacts/{contact}/consent")).Body!;
        return new JsonArray(profile["traits"]!.DeepClone(), profile["address"]?.DeepClone(), ledger.DeepClone()).ToJsonString();
    }
}

public sealed class FormTextOnSqlite(SqliteServer server) : FormTextTests(server), IClassFixture<SqliteServer>;

public sealed class FormTextOnPostgres(PostgresServer server) : FormTextTests(server), IClassFixture<PostgresServer>;

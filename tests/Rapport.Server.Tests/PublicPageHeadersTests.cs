using System.Net;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>The public pages' security headers, on every answer, and a preference-center post that names what it showed.</summary>
public abstract class PublicPageHeadersTests(ServerFixture server)
{
    private async Task<(long Id, JsonNode Links)> SubscribedContactAsync()
    {
        var admin = server.Client();
        var (_, created) = await admin.PostAsync("/api/v1/contacts", $$$"""{"email": "{{{Some.Email()}}}"}""");
        var id = created!["id"]!.GetValue<long>();
        foreach (var topic in new[] { "news", "offers" })
        {
            await admin.PostAsync($"/api/v1/contacts/{id}/consent", $$$"""{"action": "grant", "topic": "{{{topic}}}", "channel": "email"}""");
        }

        return (id, (await admin.GetJsonAsync($"/api/v1/contacts/{id}/links")).Body!);
    }

    private static string PathOf(JsonNode links, string name) => new Uri(links[name]!.GetValue<string>()).PathAndQuery;

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private async Task<Dictionary<string, string>> StatesAsync(long id) =>
        (await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/subscriptions")).Body!.AsArray()
        .Where(s => s!["channel"]!.GetValue<string>() == "email")
        .ToDictionary(s => s!["topic"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());

    [Fact]
    public async Task Every_answer_of_the_public_pages_carries_the_security_headers()
    {
        var (_, links) = await SubscribedContactAsync();
        var (_, form) = await server.Client().PostAsync("/api/v1/forms", """{"name": "Footer", "topics": ["news"]}""");
        using var browser = server.Anonymous();
        var answers = new List<(string What, HttpResponseMessage Answer)>
        {
            ("preferences", await browser.GetAsync(PathOf(links, "preferences"))),
            ("unsubscribe", await browser.GetAsync(PathOf(links, "unsubscribe"))),
            ("a bad preferences link", await browser.GetAsync("/p/not-a-token")),
            ("a bad unsubscribe post", await browser.PostAsync("/u/not-a-token", Form(("List-Unsubscribe", "One-Click")))),
            ("a bad confirmation link", await browser.GetAsync("/confirm/not-a-token")),
            ("no such page", await browser.GetAsync("/p/a/b/c")),
            ("a signup", await browser.PostAsync($"/f/{form!["id"]!.GetValue<string>()}", Form(("email", Some.Email())))),
            ("no such form", await browser.PostAsync("/f/nowhere", Form(("email", Some.Email())))),
        };

        foreach (var (what, answer) in answers)
        {
            var headers = answer.Headers;
            var policy = Assert.Single(headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("base-uri 'none'", policy, StringComparison.Ordinal);
            Assert.True(("nosniff", "no-referrer", true) == (Assert.Single(headers.GetValues("X-Content-Type-Options")),
                Assert.Single(headers.GetValues("Referrer-Policy")), headers.CacheControl?.NoStore == true), $"the headers of {what}");
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].Answer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, answers[2].Answer.StatusCode);
    }

    [Fact]
    public async Task The_signup_form_still_answers_other_sites()
    {
        var (_, form) = await server.Client().PostAsync("/api/v1/forms", """{"name": "Footer", "topics": ["news"]}""");
        using var browser = server.Anonymous();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/f/{form!["id"]!.GetValue<string>()}");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var answer = await browser.SendAsync(preflight);

        Assert.True(answer.IsSuccessStatusCode);
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_preferences_post_changes_only_the_topics_its_form_showed_and_one_without_that_list_changes_nothing()
    {
        var (id, links) = await SubscribedContactAsync();
        using var browser = server.Anonymous();

        using var empty = await browser.PostAsync(PathOf(links, "preferences"), Form());
        using var noList = await browser.PostAsync(PathOf(links, "preferences"), Form(("freq.news", "weekly")));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (empty.StatusCode, noList.StatusCode));
        Assert.Equal(("subscribed", "subscribed"), ((await StatesAsync(id))["news"], (await StatesAsync(id))["offers"]));

        Assert.Contains("name=\"topics\" value=\"", await browser.GetStringAsync(PathOf(links, "preferences")), StringComparison.Ordinal);
        using var onlyNews = await browser.PostAsync(PathOf(links, "preferences"), Form(("topics", "news")));
        var states = await StatesAsync(id);
        Assert.Equal(("unsubscribed", "subscribed"), (states["news"], states["offers"]));
    }
}

public sealed class PublicPageHeadersOnSqlite(SqliteServer server) : PublicPageHeadersTests(server), IClassFixture<SqliteServer>;

public sealed class PublicPageHeadersOnPostgres(PostgresServer server) : PublicPageHeadersTests(server), IClassFixture<PostgresServer>;

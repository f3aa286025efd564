using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.Core.Consent;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// The preference center as a person uses it: Debian's Chromium, driven by Playwright, on the real host.
/// </summary>
public abstract class PreferenceCenterBrowserTests(ServerFixture server) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task<(long Id, string Email, string Preferences)> SubscribedContactAsync(string locale)
    {
        var email = Some.Email();
        var admin = server.Client();
        var (_, created) = await admin.PostAsync("/api/v1/contacts", $$$"""{"email": "{{{email}}}", "locale": "{{{locale}}}"}""");
        var id = created!["id"]!.GetValue<long>();
        await admin.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "topic": "news", "channel": "email"}""");
        var links = (await admin.GetJsonAsync($"/api/v1/contacts/{id}/links")).Body!;
        return (id, email, server.BaseAddress + new Uri(links["preferences"]!.GetValue<string>()).PathAndQuery.TrimStart('/'));
    }

    [Fact]
    public async Task A_person_changes_a_frequency_then_leaves_with_a_reason_and_the_ledger_has_both()
    {
        var (id, email, preferences) = await SubscribedContactAsync("en-GB");
        var page = await _browser!.NewPageAsync();
        var refused = new List<string>(); // what the Content-Security-Policy blocked, as Chromium reports it
        page.Console += (_, message) => refused.AddRange(message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) ? [message.Text] : []);
        var answer = await page.GotoAsync(preferences);
        Assert.Contains("frame-ancestors 'none'", (await answer!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("672px", await page.EvaluateAsync<string>("getComputedStyle(document.body).maxWidth")); // the style sheet is allowed

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("sub.events.email", await page.EvaluateAsync<string>("document.activeElement.id")); // reachable by keyboard
        Assert.True(await page.GetByLabel("Subscribed: e-mail").First.IsVisibleAsync()); // every control has a label
        await page.Locator("select[name='freq.news']").SelectOptionAsync("weekly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my choices" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your choices are saved." }).WaitForAsync();

        var news = (await Subscriptions(id)).Single(s => s!["topic"]!.GetValue<string>() == "news" && s["channel"]!.GetValue<string>() == "email")!;
        Assert.Equal(("subscribed", "weekly"), (news["status"]!.GetValue<string>(), news["frequency"]!.GetValue<string>()));

        await page.Locator("input[name='reason'][value='too_many']").CheckAsync();
        await page.GetByLabel("Anything else? (optional)").FillAsync("Moving abroad");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe from everything" }).ClickAsync();
        await page.GetByText("You will not hear from us again.").WaitForAsync();
        Assert.Empty(refused); // nor were the forms' posts and the redirect after saving

        var ledger = (JsonArray)(await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/consent")).Body!;
        Assert.Contains(ledger, r => r!["action"]!.GetValue<string>() == "prefer" && r["frequency"]?.GetValue<string>() == "weekly"
                                     && r["source"]!.GetValue<string>() == "preference_center");
        var leave = ledger[^1]!;
        Assert.Equal(("withdraw", "too_many: Moving abroad", "preference_center"),
            (leave["action"]!.GetValue<string>(), leave["reason"]!.GetValue<string>(), leave["source"]!.GetValue<string>()));
        Assert.Null(leave["topic"]);
        Assert.All(await Subscriptions(id), s => Assert.Equal("unsubscribed", s!["status"]!.GetValue<string>()));
        var suppressions = (JsonArray)(await server.Client().GetJsonAsync("/api/v1/suppressions")).Body!;
        Assert.Contains(suppressions, s => s!["hash"]!.GetValue<string>() == Suppression.HashOf(SuppressionKind.Email, email));
    }

    [Fact]
    public async Task The_Arabic_page_reads_right_to_left()
    {
        var (_, _, preferences) = await SubscribedContactAsync("ar");
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(preferences);

        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        Assert.Equal("ar", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Equal("rtl", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('h1')).direction"));
        Assert.Equal("تفضيلاتك", await page.Locator("h1").InnerTextAsync());
        var heading = (await page.Locator("h1").BoundingBoxAsync())!;
        Assert.True(heading.X + heading.Width > page.ViewportSize!.Width / 2, "the heading sits on the right");
        await page.ScreenshotAsync(new() { Path = Artifact($"preference-center-ar-{server.Kind}.png"), FullPage = true });
    }

    private async Task<JsonArray> Subscriptions(long id) => (JsonArray)(await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/subscriptions")).Body!;

    /// <summary>artifacts/test-results/NAME in the repository, kept with the test results.</summary>
    private static string Artifact(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rapport.slnx")))
        {
            folder = folder.Parent;
        }

        var results = Path.Combine(folder?.FullName ?? Path.GetTempPath(), "artifacts", "test-results");
        Directory.CreateDirectory(results);
        return Path.Combine(results, name);
    }
}

public sealed class PreferenceCenterOnSqlite(SqliteServer server) : PreferenceCenterBrowserTests(server), IClassFixture<SqliteServer>;

public sealed class PreferenceCenterOnPostgres(PostgresServer server) : PreferenceCenterBrowserTests(server), IClassFixture<PostgresServer>;

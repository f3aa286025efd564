using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Consent;
using Rapport.Storage;
using Rapport.Testing;

namespace Rapport.Server.Tests;

public abstract class PrivacyTests(ServerFixture server)
{
    [Fact]
    public async Task Export_holds_everything_and_erase_leaves_no_personal_data_but_the_suppression_hash()
    {
        var (email, phone, userId, anonymousId) = (Some.Email(), "+48 601 555 " + Random.Shared.Next(100, 999), Some.Id("user"), Some.Id("anon"));
        const string name = "Zofia-Przybylska";
        const string agent = "Mozilla/5.0 (PrivacyTest; Erasable)";
        var admin = server.Client();
        var (_, created) = await admin.PostAsync("/api/v1/contacts", $$$"""
            {"externalId": "{{{userId}}}", "email": "{{{email}}}", "phone": "{{{phone}}}", "traits": {"firstName": "{{{name}}}"},
             "address": {"name": "{{{name}}}", "lines": ["ul. Tajna 7"], "postcode": "00-950", "city": "Warszawa", "country": "PL"}}
            """);
        var id = created!["id"]!.GetValue<long>();
        var tracking = server.Client(server.IngestKey);
        Assert.Equal(HttpStatusCode.OK, (await tracking.PostAsync("/v1/track", $$$"""
            {"anonymousId": "{{{anonymousId}}}", "event": "Product Viewed", "properties": {"note": "{{{name}}} looked"}}
            """)).Status);
        Assert.Equal(HttpStatusCode.OK, (await tracking.PostAsync("/v1/identify", $$$"""
            {"userId": "{{{userId}}}", "anonymousId": "{{{anonymousId}}}", "traits": {"lastName": "{{{name}}}"}}
            """)).Status);
        var refused = await tracking.PostAsync("/v1/batch", $$$"""{"batch": [{"type": "track", "userId": "{{{userId}}}", "event": 42}]}""");
        Assert.Single(refused.Body!["rejected"]!.AsArray()); // kept as a dead letter that names the person
        await admin.PostAsync($"/api/v1/contacts/{id}/consent", $$$"""
            {"action": "grant", "topic": "news", "channel": "email", "ip": "198.51.100.77", "userAgent": "{{{agent}}}", "note": "{{{name}}} at the fair"}
            """);
        var (_, signup) = await admin.PostAsync("/api/v1/signups", $$$"""{"email": "{{{email}}}", "topics": ["offers"]}""");
        await OutboxFolder.WaitForAsync(server.Outbox, signup!["messageId"]!.GetValue<long>());

        var (exportStatus, export) = await admin.GetJsonAsync($"/api/v1/contacts/{id}/export");
        Assert.Equal(HttpStatusCode.OK, exportStatus);
        Assert.Equal(email, export!["profile"]!["email"]!.GetValue<string>());
        Assert.Contains(export["identities"]!.AsArray(), i => i!["value"]!.GetValue<string>() == anonymousId);
        Assert.Equal(2, export["events"]!.AsArray().Count(e => e!["source"]!.GetValue<string>() != "rapport")); // and Rapport's own (Stage Changed…)
        Assert.Equal(2, export["consentHistory"]!.AsArray().Count);
        Assert.Equal(email, Assert.Single(export["messages"]!.AsArray())!["recipient"]!.GetValue<string>());

        using var erase = await admin.DeleteAsync($"/api/v1/contacts/{id}?erase=true");
        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);

        var everything = await DumpAsync();
        var normalizedPhone = created["phone"]!.GetValue<string>();
        foreach (var personal in new[] { email, normalizedPhone, userId, anonymousId, name, "Tajna", "198.51.100.77", agent })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(Suppression.HashOf(SuppressionKind.Email, email), everything, StringComparison.Ordinal);
        Assert.Contains(Suppression.HashOf(SuppressionKind.Phone, normalizedPhone), everything, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync($"/api/v1/contacts/{id}")).Status);
        var audit = (await admin.GetJsonAsync("/api/v1/audit?limit=1000")).Body!.AsArray().Where(e => e!["contactId"]?.GetValue<long>() == id).ToList();
        Assert.Equal(["export", "erase"], audit.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(audit, e => Assert.StartsWith("api key ", e!["actor"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/contacts/{id}?erase=true", null)).Status);
    }

    /// <summary>Every value of every row of every table, as text.</summary>
    private async Task<string> DumpAsync()
    {
        var db = server.Services.GetRequiredService<Database>();
        var tablesQuery = db.Dialect == Dialect.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        return await db.ReadAsync(async c =>
        {
            var text = new StringBuilder();
            foreach (var table in await c.QueryAsync<string>(tablesQuery))
            {
                foreach (IDictionary<string, object?> row in await c.QueryAsync($"SELECT * FROM {table}"))
                {
                    text.AppendJoin('|', row.Values).Append('\n');
                }
            }

            return text.ToString();
        }, CancellationToken.None);
    }
}

public sealed class PrivacyOnSqlite(SqliteServer server) : PrivacyTests(server), IClassFixture<SqliteServer>;

public sealed class PrivacyOnPostgres(PostgresServer server) : PrivacyTests(server), IClassFixture<PostgresServer>;

using System.Net;
using System.Text;
using Rapport.Core.Ports;
using Rapport.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Rapport.Server.Tests;

/// <summary>The rapport verbs, run as processes against the same database as a live server.</summary>
public abstract class CliTests(ServerFixture server) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rapport-cli-");

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "serve", "migrate", "keys", "import", "bench" })
        {
            Assert.Contains(verb, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_key_made_by_keys_create_is_its_last_line_and_opens_the_admin_api()
    {
        var result = await RapportProcess.RunAsync(server.Database, _folder.FullName, "keys", "create", "--role", "admin", "--name", "support");

        Assert.Equal(0, result.ExitCode);
        var secret = result.Output.TrimEnd().Split('\n')[^1].Trim();
        using var client = server.Client(secret);
        var (status, _) = await client.GetJsonAsync("/api/v1/contacts?limit=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(secret, await DumpAsync(), StringComparison.Ordinal); // only a hash is stored
    }

    [Fact]
    public async Task The_webhook_key_is_the_one_the_server_signs_with_and_stays_the_same()
    {
        var first = await RapportProcess.RunAsync(server.Database, _folder.FullName, "webhooks", "key");
        var again = await RapportProcess.RunAsync(server.Database, _folder.FullName, "webhooks", "key");

        Assert.Equal((0, 0), (first.ExitCode, again.ExitCode));
        var key = first.Output.Trim();
        Assert.Equal(key, again.Output.Trim());
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        var webhooks = server.Services.GetRequiredService<Rapport.Engine.Journeys.WebhookKey>();
        Assert.Equal(key, await webhooks.TextAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("--Rapport:Database:Provider=oracle", "Configuration: Rapport:Database:Provider is 'oracle'")]
    [InlineData("--Rapport:Phone:DefaultCountry=XX", "Configuration: Rapport:Phone:DefaultCountry 'XX'")]
    [InlineData("--Rapport:Outbox:ResendAfterCrash=twice", "Configuration: Rapport:Outbox:ResendAfterCrash 'twice' is not one of: transactional, all, none")]
    [InlineData("--Rapport:Webhooks:Key=c2hvcnQ=", "Configuration: Rapport:Webhooks:Key must be base64 of at least 32 random bytes")]
    public async Task A_setting_that_cannot_work_is_named_in_one_line_not_a_stack_trace(string setting, string message)
    {
        var result = await RapportProcess.RunAsync(null, _folder.FullName, "migrate", setting);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest", "--events", "HTTP ingest")]
    [InlineData("import", "--rows", "CSV import")]
    public async Task A_benchmark_prints_our_figure_beside_its_baseline(string bench, string size, string what)
    {
        string[] store = server.Kind == StoreKind.Postgres ? ["--postgres", TestDatabase.ServerConnectionString()] : [];

        var result = await RapportProcess.RunAsync(null, _folder.FullName, ["bench", bench, size, "2000", .. store]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(what, result.Output, StringComparison.Ordinal);
        Assert.Contains("baseline", result.Output, StringComparison.Ordinal);
        Assert.Contains("raw", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ [0-9]+\.[0-9]{2} +│", result.Output); // the ratio column
    }

    [Theory]
    [InlineData("1", "Bench Trigger to membership of triggered")]
    [InlineData("12", "Order Completed to membership of big-order-pro")]
    public async Task The_segment_benchmark_checks_its_count_against_the_hand_written_SQL_and_times_events_into_membership_and_a_full_refresh(
        string segments, string latency)
    {
        string[] store = server.Kind == StoreKind.Postgres ? ["--postgres", TestDatabase.ServerConnectionString()] : [];

        var result = await RapportProcess.RunAsync(null, _folder.FullName,
            ["bench", "segments", "--contacts", "2000", "--events", "20000", "--segments", segments, "--samples", "10", .. store]);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Error}\n{result.Output}");
        Assert.Contains("hand-written SQL", result.Output, StringComparison.Ordinal);
        Assert.Contains(latency, result.Output, StringComparison.Ordinal);
        Assert.Matches($"Scheduled refresh: the [0-9]+ of the {segments} live segments? that test time", result.Output);
        Assert.Matches(@"p50 [0-9.,]+ ms, p99 [0-9.,]+ ms", result.Output); // thousands are grouped: 1,234.5 ms
    }

    [Fact]
    public async Task Segments_applied_from_YAML_are_stored_and_previewed_and_wrong_ones_name_the_path()
    {
        var key = Some.Id("yaml").ToLowerInvariant();
        var file = Path.Combine(_folder.FullName, "segments.yaml");
        await File.WriteAllTextAsync(file, $$"""
            kind: segment
            key: {{key}}
            name: Half of everyone
            condition:
              any:
                - bucket: { from: 0, to: 49 }
                - trait: traits.plan
                  op: eq
                  value: "5"
            """);
        var applied = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);
        var again = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);
        var preview = await RapportProcess.RunAsync(server.Database, _folder.FullName, "segment", "preview", file);

        Assert.Equal((0, 0, 0), (applied.ExitCode, again.ExitCode, preview.ExitCode));
        Assert.Contains($"segment {key}: version 2", again.Output, StringComparison.Ordinal);
        Assert.Matches(@"Half of everyone: [0-9,]+ members", preview.Output);
        var stored = (await server.Client().GetJsonAsync($"/api/v1/segments/{key}")).Body!;
        Assert.Equal("5", stored["condition"]!["any"]![1]!["value"]!.GetValue<string>()); // a quoted YAML scalar stays a string

        await File.WriteAllTextAsync(file, "kind: segment\nkey: broken\nname: Broken\ncondition:\n  trait: traits.plan\n  op: resembles\n");
        var wrong = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("condition.op", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ladder_of_loyalty_is_applied_from_YAML_and_a_wrong_one_names_the_stage()
    {
        var file = Path.Combine(_folder.FullName, "ladder.yaml");
        await File.WriteAllTextAsync(file, """
            kind: ladder
            stages:
              prospect: { event: Newsletter Opened }
              customer: { measure: orders, op: gte, value: 1 }
            """);
        var applied = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);

        Assert.Equal(0, applied.ExitCode);
        Assert.Contains("ladder: 2 stage rules", applied.Output, StringComparison.Ordinal);
        var ladder = (await server.Client().GetJsonAsync("/api/v1/loyalty/ladder")).Body!;
        Assert.Equal("Newsletter Opened", ladder["prospect"]!["event"]!.GetValue<string>());
        Assert.Equal(1, ladder["customer"]!["value"]!.GetValue<int>()); // a plain YAML number stays a number

        await File.WriteAllTextAsync(file, "kind: ladder\nstages:\n  champion: { event: X }\n");
        var wrong = await RapportProcess.RunAsync(server.Database, _folder.FullName, "apply", file);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("champion", wrong.Error, StringComparison.Ordinal);
        Assert.Equal("Newsletter Opened", (await server.Client().GetJsonAsync("/api/v1/loyalty/ladder")).Body!["prospect"]!["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keys_create_refuses_an_unknown_role()
    {
        var result = await RapportProcess.RunAsync(server.Database, _folder.FullName, "keys", "create", "--role", "root");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("root", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_keeps_the_good_rows_and_reports_each_bad_one_with_its_line_and_reason()
    {
        var tag = Some.Id("imp");
        var csv = Path.Combine(_folder.FullName, "people.csv");
        string[] lines =
        [
            "externalId,email,phone,firstName,city",
            $"{tag}-1,anna@example.com,601 234 501,Anna,Kraków",
            $"{tag}-2,not-an-email,,Bolek,Łódź",
            $"{tag}-3,cecylia@example.com,,\"Cecylia, the \"\"third\"\"\",Gdańsk",
            ",,,Nobody,Nowhere",
            $"{tag}-4,\"dorota@example.com,,Dorota,Poznań",
            $"{tag}-5,ewa@example.com,+48 601 234 505,Ewa,Wrocław",
            $"{tag}-1,,,Anna Maria,",
            $"{tag}-6,ok@example.com,,Nul\0Name,",
        ];
        await File.WriteAllTextAsync(csv, string.Join('\n', lines) + "\n", new UTF8Encoding(false));

        var result = await RapportProcess.RunAsync(server.Database, _folder.FullName, "import", "contacts", csv);

        Assert.Equal(2, result.ExitCode); // done, with rejected rows
        Assert.Contains("3 created, 1 updated, 4 rejected", result.Output, StringComparison.Ordinal);
        var errors = (await File.ReadAllLinesAsync(Path.Combine(_folder.FullName, "people.errors.csv"))).Skip(1).ToList();
        Assert.Equal(4, errors.Count);
        Assert.StartsWith("9,\"row: contains the NUL character", errors[3], StringComparison.Ordinal);
        Assert.StartsWith("3,\"email:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("5,\"row: needs an externalId", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("6,\"row: cannot be read as CSV", errors[2], StringComparison.Ordinal);
        var contacts = server.Services.GetRequiredService<IContactStore>();
        var anna = Assert.Single((await contacts.FindAsync(1, ContactKey.ExternalId, $"{tag}-1", default)).Items);
        Assert.Equal(("anna@example.com", "+48601234501", "Anna Maria", "Kraków"),
            (anna.Email, anna.Phone, (string?)anna.Traits["firstName"], anna.Address?.City));
        var cecylia = Assert.Single((await contacts.FindAsync(1, ContactKey.ExternalId, $"{tag}-3", default)).Items);
        Assert.Equal("Cecylia, the \"third\"", (string?)cecylia.Traits["firstName"]);
        Assert.Single((await contacts.FindAsync(1, ContactKey.ExternalId, $"{tag}-5", default)).Items);
    }

    [Fact]
    public async Task Rows_that_are_not_utf8_are_rejected_with_a_clear_reason_and_the_rest_imported()
    {
        var tag = Some.Id("enc");
        var csv = Path.Combine(_folder.FullName, "legacy.csv");
        var good = Encoding.UTF8.GetBytes($"externalId,firstName\n{tag}-1,Anna\n");
        var latin = Encoding.ASCII.GetBytes($"{tag}-2,").Concat(new byte[] { 0xA3, 0xF3, 0x64, 0xBC, (byte)'\n' }); // "Łódź" in Windows-1250
        var after = Encoding.UTF8.GetBytes($"{tag}-3,Zoë\n");
        await File.WriteAllBytesAsync(csv, [.. good, .. latin, .. after]);

        var result = await RapportProcess.RunAsync(server.Database, _folder.FullName, "import", "contacts", csv);

        Assert.Equal(2, result.ExitCode);
        var errors = await File.ReadAllLinesAsync(Path.Combine(_folder.FullName, "legacy.errors.csv"));
        Assert.StartsWith("3,\"row: is not UTF-8 text", errors[1], StringComparison.Ordinal);
        var contacts = server.Services.GetRequiredService<IContactStore>();
        Assert.Single((await contacts.FindAsync(1, ContactKey.ExternalId, $"{tag}-1", default)).Items);
        Assert.Equal("Zoë", (string?)Assert.Single((await contacts.FindAsync(1, ContactKey.ExternalId, $"{tag}-3", default)).Items).Traits["firstName"]);
        Assert.Empty((await contacts.FindAsync(1, ContactKey.ExternalId, $"{tag}-2", default)).Items);
    }

    [Fact]
    public async Task Import_without_a_key_column_says_which_columns_it_needs()
    {
        var csv = Path.Combine(_folder.FullName, "names.csv");
        await File.WriteAllTextAsync(csv, "firstName,lastName\nAnna,Nowak\n");

        var result = await RapportProcess.RunAsync(server.Database, _folder.FullName, "import", "contacts", csv);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("externalId, email or phone", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<string> DumpAsync()
    {
        var db = server.Services.GetRequiredService<Rapport.Storage.Database>();
        var hashes = await db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<string>(c, "SELECT secret_hash || name FROM api_key"), default);
        return string.Join('\n', hashes);
    }
}

public sealed class CliOnSqlite(SqliteServer server) : CliTests(server), IClassFixture<SqliteServer>;

public sealed class CliOnPostgres(PostgresServer server) : CliTests(server), IClassFixture<PostgresServer>;

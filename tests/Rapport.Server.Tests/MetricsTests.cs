using System.Net;
using Npgsql;
using Rapport.Core.Work;
using Rapport.Engine.Work;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>GET /metrics as Prometheus scrapes it: what came in, what went out, what waits. A host of its own: it counts everything.</summary>
public abstract class MetricsTests(ServerFixture server)
{
    private const string Ingested = "rapport_events_ingested_total";
    private const string Rejected = "rapport_events_rejected_total";
    private const string Waiting = "rapport_work_waiting";
    private const string OldestAge = "rapport_work_oldest_age_seconds";

    [Fact]
    public async Task The_scrape_counts_tracked_messages_by_type_duplicates_and_rejections_by_kind()
    {
        using var ingest = server.Client(server.IngestKey);
        var user = Some.Id("metrics");
        var (status, answer) = await ingest.PostAsync("/v1/batch", $$$"""
            {"batch":[
              {"type":"track","userId":"{{{user}}}","event":"Viewed","messageId":"{{{user}}}-1"},
              {"type":"track","userId":"{{{user}}}","event":"Viewed","messageId":"{{{user}}}-2"},
              {"type":"track","userId":"{{{user}}}","event":"Bought"},
              {"type":"identify","userId":"{{{user}}}","traits":{"plan":"pro"}},
              {"type":"identify","anonymousId":"{{{user}}}-device"},
              5,
              {"type":"track","event":"Nobody"},
              {"type":"track","userId":"{{{user}}}","event":"Consent Granted","properties":{"topic":"no-such-topic"}}
            ]}
            """);
        var resent = await ingest.PostAsync("/v1/track", $$$"""{"userId":"{{{user}}}","event":"Viewed","messageId":"{{{user}}}-1"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, answer!["rejected"]!.AsArray().Count);
        Assert.Equal(1, resent.Body!["duplicates"]!.GetValue<int>());
        var scrape = await ScrapeUntilAsync(m => m.Value(Ingested, ("type", "track")) == 4, "four tracks counted");
        Assert.Equal(2, scrape.Value(Ingested, ("type", "identify")));
        Assert.Equal(1, scrape.Value("rapport_events_duplicates_total"));
        Assert.Equal(1, scrape.Value(Rejected, ("reason", "not_an_object")));
        Assert.Equal(1, scrape.Value(Rejected, ("reason", "fields")));
        Assert.Equal(1, scrape.Value(Rejected, ("reason", "consent")));
        Assert.Null(scrape.Value(Ingested, ("type", "page")));
    }

    [Fact]
    public async Task A_sent_confirmation_mail_is_counted_as_sent_by_e_mail()
    {
        using var admin = server.Client();
        var (status, signup) = await admin.PostAsync("/api/v1/signups", $$$"""{"email": "{{{Some.Email()}}}", "topics": ["news"]}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        await OutboxFolder.WaitForAsync(server.Outbox, signup!["messageId"]!.GetValue<long>());
        var scrape = await ScrapeUntilAsync(m => m.Value("rapport_messages_dispatched_total", ("channel", "email"), ("outcome", "sent")) == 1, "the mail counted as sent");
        Assert.Null(scrape.Value("rapport_messages_dispatched_total", ("channel", "email"), ("outcome", "failed")));
    }

    [Fact]
    public async Task The_work_gauges_report_each_queues_waiting_work()
    {
        // Each queue's scheduled full refresh waits, not yet due (the daily rating of everyone, for one), once its worker
        // has taken its first turn; then the backlog is read again.
        using var admin = server.Client();
        await Eventually.UntilAsync(() => admin.GetJsonAsync("/api/v1/work/queues"), answer => answer.Body!.AsArray().Count(q =>
            q!["queue"]!.GetValue<string>() is WorkQueues.CustomerValue or WorkQueues.SegmentMembership && q["waiting"]!.GetValue<long>() >= 1) == 2,
            "each worker scheduling its full refresh");
        server.Clock.Advance(BacklogWatch.Every + TimeSpan.FromSeconds(1));

        // Both gauges: a read of the backlog from before the segments' worker scheduled its refresh may still be the last one.
        var scrape = await ScrapeUntilAsync(m => m.Value(Waiting, ("queue", WorkQueues.CustomerValue)) >= 1 && m.Value(Waiting, ("queue", WorkQueues.SegmentMembership)) >= 1,
            "the gauges reporting the stored backlog");
        Assert.Equal(0, scrape.Value(OldestAge, ("queue", WorkQueues.CustomerValue)));
    }

    [Fact]
    public async Task The_scrape_needs_no_key_and_tells_requests_the_runtime_and_on_postgres_the_pool_without_its_connection_string()
    {
        using var anonymous = server.Anonymous();
        await anonymous.GetAsync("/healthz");

        var scrape = await ScrapeUntilAsync(m => m.Value("http_server_request_duration_seconds_count", ("http_route", "/healthz")) >= 1, "the health check counted");
        Assert.NotNull(scrape.Value("dotnet_process_cpu_count"));
        if (server.Kind == StoreKind.Postgres)
        {
            // This process also holds the test harness's own pool, which creates and drops the databases.
            var pools = scrape.LabelsOf("db_client_connection_count").Select(l => l["db_client_connection_pool_name"]).ToList();
            Assert.Contains("rapport", pools);
            var database = new NpgsqlConnectionStringBuilder(server.Database.Options.ConnectionString).Database!;
            Assert.DoesNotContain(database, scrape.Text, StringComparison.Ordinal);
        }
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var anonymous = server.Anonymous();
        using var response = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Scrapes until the answer holds (the exporter may answer from a scrape made a moment before).</summary>
    private Task<PrometheusText> ScrapeUntilAsync(Func<PrometheusText, bool> done, string what) => Eventually.UntilAsync(ScrapeAsync, done, what);
}

public sealed class MetricsOnSqlite(SqliteServer server) : MetricsTests(server), IClassFixture<SqliteServer>;

public sealed class MetricsOnPostgres(PostgresServer server) : MetricsTests(server), IClassFixture<PostgresServer>;

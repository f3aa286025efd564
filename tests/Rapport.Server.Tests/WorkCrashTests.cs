using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>
/// `rapport serve` killed (SIGKILL) between an ingest's commit and its upkeep: the first node does no background work
/// (Rapport:Work:Run=false), so what the ingest recorded can only be done after it died. A restarted node does it.
/// </summary>
public abstract class WorkCrashTests(StoreKind kind)
{
    [Fact]
    public async Task An_ingest_acknowledged_before_a_kill_gets_its_upkeep_after_the_restart()
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        var folder = Directory.CreateTempSubdirectory("rapport-work-crash-").FullName;
        Assert.Equal(0, (await RapportProcess.RunAsync(test, folder, "migrate")).ExitCode);
        var admin = await KeyAsync(test, folder, "admin");
        var ingest = await KeyAsync(test, folder, "ingest");
        var first = await RapportProcess.ServeAsync(test, folder, "--Rapport:Work:Run=false");
        using (var api = first.Client(admin))
        {
            var (saved, _) = await api.SendAsync(HttpMethod.Put, "/api/v1/segments/checkouts", """{"name": "Checkouts", "condition": {"event": "Checkout Started"}}""");
            Assert.Equal(HttpStatusCode.OK, saved);
            using var tracking = new HttpClient { BaseAddress = first.BaseAddress };
            tracking.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ingest + ":")));
            var tracked = await tracking.PostAsync("/v1/track",
                new StringContent("""{"userId": "u-crash", "event": "Checkout Started"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
            var (_, queues) = await api.GetJsonAsync("/api/v1/work/queues");
            Assert.Contains(queues!.AsArray(), q => q!["queue"]!.GetValue<string>() == "segment-membership" && q["waiting"]!.GetValue<long>() >= 2);
        }

        await first.KillAsync();

        await using var second = await RapportProcess.ServeAsync(test, folder);
        using var admin2 = second.Client(admin);
        var (_, found) = await admin2.GetJsonAsync("/api/v1/contacts?externalId=u-crash");
        var id = found!["items"]![0]!["id"]!.GetValue<long>();
        var (_, segments) = await Eventually.UntilAsync(() => admin2.GetJsonAsync($"/api/v1/contacts/{id}/segments"),
            answer => answer.Body!.AsArray().Any(m => m!["segmentKey"]!.GetValue<string>() == "checkouts"), "the restarted node doing the upkeep");
        Assert.Null(segments!.AsArray().Single()!["exitedAt"]?.GetValue<string>());
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> KeyAsync(TestDatabase test, string folder, string role)
    {
        var created = await RapportProcess.RunAsync(test, folder, "keys", "create", "--role", role);
        Assert.Equal(0, created.ExitCode);
        return created.Output.Trim().Split('\n')[^1].Trim();
    }
}

public sealed class WorkCrashOnSqlite() : WorkCrashTests(StoreKind.Sqlite);

public sealed class WorkCrashOnPostgres() : WorkCrashTests(StoreKind.Postgres);

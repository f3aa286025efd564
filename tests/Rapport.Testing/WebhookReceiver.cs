using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rapport.Testing;

/// <summary>
/// A real HTTP endpoint (Kestrel on 127.0.0.1, a free port) for journeys' webhooks to call: POST /hooks/rapport answers
/// with <see cref="Status"/> (a 302 points to /elsewhere, which counts the calls that follow it, by any method) and keeps every call.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _redirected;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>A call as it came: the body's text and the headers a receiver reads.</summary>
    public sealed record Call(string Body, string? ContentType, string? Signature, string? IdempotencyKey);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>How many calls followed a redirect to /elsewhere.</summary>
    public int Redirected => _redirected;

    /// <summary>The status every call is answered with.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>How long the receiver takes before it answers (a slow receiver).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public Uri Url => new(new Uri(_app.Urls.Single()), "/hooks/rapport");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/rapport", async (HttpRequest request) =>
        {
            await Task.Delay(receiver.Delay, request.HttpContext.RequestAborted);
            using var reader = new StreamReader(request.Body);
            receiver.Calls.Enqueue(new Call(await reader.ReadToEndAsync(), request.ContentType,
                request.Headers["Rapport-Signature"].SingleOrDefault(), request.Headers["Rapport-Idempotency-Key"].SingleOrDefault()));
            return receiver.Status == StatusCodes.Status302Found ? Results.Redirect("/elsewhere") : Results.StatusCode(receiver.Status);
        });
        app.Map("/elsewhere", () =>
        {
            Interlocked.Increment(ref receiver._redirected);
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

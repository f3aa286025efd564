using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Work;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Works the webhooks queue: posts each call a journey's action node asked for (<see cref="WebhookDue"/>) with its body as
/// made in the step, signed with the webhook key (<see cref="JourneyWebhook.Signature"/>) and carrying its idempotency key.
/// It goes only where <see cref="WebhookTargets"/> allows (public addresses by default). A 2xx answer is done; any other
/// answer (a redirect is not followed), no answer within <see cref="WebhookTargets.Timeout"/>, no connection or a refused
/// address is a failure: the call is tried again after 5, 10, 20 and 40 s, and then given up, parked with its reason,
/// and a <see cref="StepKind.WebhookFailed"/> record is added to the instance. The calls of a batch go out together, and
/// each is done or failed on its own.
/// </summary>
public sealed class WebhookWorker : QueueWorker
{
    /// <summary>How many calls go out at once: one batch.</summary>
    public const int MostAtOnce = 16;

    private readonly WebhookKey _key;
    private readonly WebhookTargets _targets;
    private readonly IJourneyStore _journeys;

    public WebhookWorker(WebhookKey key, WebhookTargets targets, IJourneyStore journeys, IWorkStore work, IWorkspaceStore workspaces, WorkAnswers answers, WorkTimes times,
        TimeProvider clock, ILogger<WebhookWorker> log)
        : base(work, workspaces, answers, times, clock, log)
    {
        _key = key;
        _targets = targets;
        _journeys = journeys;
        BatchSize = MostAtOnce;
    }

    public override string Queue => WorkQueues.Webhooks;

    protected override async Task<IReadOnlyDictionary<long, string>?> DoAsync(int workspaceId, IReadOnlyList<StoredWork> items, CancellationToken ct)
    {
        var key = await _key.BytesAsync(ct);
        var failed = new ConcurrentDictionary<long, string>();
        await Task.WhenAll(items.Select(async item =>
        {
            if (await CallAsync(key, (WebhookDue)item.Item, ct) is { } reason)
            {
                failed[item.Id] = reason;
            }
        }));
        return failed.IsEmpty ? null : throw new ItemsFailed(failed);
    }

    /// <summary>The call given up: the instance's steps say so, after the step that asked for it.</summary>
    protected override async Task OnParkedAsync(StoredWork item, string reason, CancellationToken ct)
    {
        var due = (WebhookDue)item.Item;
        await _journeys.AppendStepAsync(item.WorkspaceId ?? throw new InvalidOperationException("A webhook is a workspace's."), due.Instance,
            new StepRecord(due.Node, StepKind.WebhookFailed, null, $"gave up after {item.Attempts} attempts: {reason}", Clock.GetUtcNow()), ct);
    }

    /// <summary>Posts one call; null when it was answered with a 2xx, else why not.</summary>
    private async Task<string?> CallAsync(byte[] key, WebhookDue due, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, due.Url);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(due.Body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(JourneyWebhook.SignatureHeader, JourneyWebhook.Signature(key, Clock.GetUtcNow(), due.Body));
        request.Headers.Add(JourneyWebhook.IdempotencyHeader, due.IdempotencyKey);
        try
        {
            using var response = await _targets.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode ? null : $"webhook {due.Url} answered {(int)response.StatusCode}";
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"webhook {due.Url} did not answer within {_targets.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefused refused)
        {
            return $"webhook {due.Url} refused: {refused.Message}";
        }
        catch (HttpRequestException e)
        {
            return $"webhook {due.Url} could not be reached: {e.Message}";
        }
    }
}

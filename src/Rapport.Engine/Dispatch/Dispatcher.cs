using Microsoft.Extensions.Logging;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Engine.Work;

namespace Rapport.Engine.Dispatch;

/// <summary>
/// The one gate every outgoing message passes: it leases due messages from the outbox, holds back
/// those to suppressed addresses and a journey's marketing to people not subscribed to its topic on its channel,
/// and hands the rest to their channel. Nothing else calls a channel.
/// A message it cannot handle (content that cannot be read or names no recipient, a channel that throws)
/// is marked failed with the reason, and the others go on. Each outcome is counted in <see cref="RapportMetrics"/>;
/// a failure is logged at Warning with the message's id and the reason (never its content). The outbox is its stored,
/// leased work: it runs on the <see cref="WorkerLoop"/> like every other worker.
/// </summary>
public sealed class Dispatcher(
    IOutbox outbox, ISuppressionStore suppressions, IConsentStore consent, MessageComposer composer, IEmailChannel email, TimeProvider clock, RapportMetrics metrics, ILogger<Dispatcher> log) : IWorker
{
    /// <summary>How long a leased message is this worker's: after a crash, another takes it when the lease runs out.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    public string Name => "dispatch";

    public WorkBell Bell { get; } = new();

    /// <summary>Asks the worker to look at the outbox now (a message was just queued).</summary>
    public void Wake() => Bell.Ring();

    public Task<int> RunOnceAsync(CancellationToken ct) => DispatchDueAsync(ct);

    /// <summary>Sends what is due until none is left; returns how many messages it handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var handled = 0;
        while (true)
        {
            var due = await outbox.LeaseDueAsync(clock.GetUtcNow(), Lease, 50, ct);
            if (due.Count == 0)
            {
                return handled;
            }

            foreach (var message in due)
            {
                await DispatchAsync(message, ct);
            }

            handled += due.Count;
        }
    }

    private async Task DispatchAsync(OutboxMessage message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (message.Channel != Channel.Email)
        {
            await MarkAsync(message, new DeliveryResult.Failed($"No {message.Channel} channel is configured yet."), now, ct);
            return;
        }

        var (read, problem) = await composer.EmailAsync(message, ct);
        if (read is null)
        {
            await MarkAsync(message, new DeliveryResult.Failed(problem!), now, ct);
            return;
        }

        var mail = read with { MessageId = $"m{message.Id}" };
        if (await suppressions.IsSuppressedAsync(message.WorkspaceId, SuppressionKind.Email, mail.To, ct))
        {
            await outbox.MarkSuppressedAsync(message.Id, "the address is suppressed", now, ct);
            metrics.Dispatched(message.Channel, MessageStatus.Suppressed);
            return;
        }

        if (await NotSubscribedAsync(message, ct) is { } why)
        {
            await outbox.MarkSuppressedAsync(message.Id, why, now, ct);
            metrics.Dispatched(message.Channel, MessageStatus.Suppressed);
            return;
        }

        await MarkAsync(message, await SendAsync(mail, now, ct), clock.GetUtcNow(), ct);
    }

    /// <summary>Why a journey's marketing message may not go (null: it may): the person is not subscribed to its topic on its channel.</summary>
    private async Task<string?> NotSubscribedAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message is not { Purpose: MessagePurposes.Journey, Topic: { } topic, ContactId: { } contact })
        {
            return null;
        }

        var subscriptions = await consent.SubscriptionsAsync(message.WorkspaceId, contact, ct);
        return subscriptions.Any(s => s.Topic == topic && s.Channel == message.Channel && s.Status == SubscriptionStatus.Subscribed)
            ? null
            : $"not subscribed to {topic} on {WireName.Of(message.Channel)}";
    }

    /// <summary>Records what became of a message: in the outbox, in the metrics and, for a failure, in the log.</summary>
    private async Task MarkAsync(OutboxMessage message, DeliveryResult result, DateTimeOffset now, CancellationToken ct)
    {
        await outbox.MarkAsync(message.Id, result, now, ct);
        metrics.Dispatched(message.Channel, result.Status);
        if (result is DeliveryResult.Failed failed)
        {
            log.LogWarning("Message {MessageId} ({Channel}, workspace {WorkspaceId}) failed: {Reason}",
                message.Id, WireName.Of(message.Channel), message.WorkspaceId, failed.Reason);
        }
    }

    /// <summary>The channel's answer; a channel that throws has failed to send this message, and the others go on.</summary>
    private async Task<DeliveryResult> SendAsync(EmailMessage mail, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await email.SendAsync(mail, now, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DeliveryResult.Failed($"the e-mail channel failed on this message: {e.GetType().Name}: {e.Message}");
        }
    }
}

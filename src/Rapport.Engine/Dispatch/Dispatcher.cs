using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Rapport.Core;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Policy;
using Rapport.Core.Ports;
using Rapport.Engine.Work;

namespace Rapport.Engine.Dispatch;

/// <summary>
/// The one road to a channel (DESIGN.md §4.1): it leases due messages from the outbox in rounds, asks the contact gate
/// about each (<see cref="DispatchGate"/>: suppression, consent, the person's frequency, caps, the minimum interval and
/// quiet hours, decided and recorded under the person's lock), hands those let go to their channel and leaves the others
/// deferred to when they may go, or suppressed with the reason. Nothing else calls a channel.
/// A message it let go whose outcome was never recorded (the server stopped while sending it) is sent again or ended
/// unsent by <see cref="ResendAfterCrash"/> (by default marketing at most once, transactional at least once).
/// A message it cannot handle (content that cannot be read or names no recipient, a channel that throws)
/// is marked failed with the reason, and the others go on. Each outcome is counted in <see cref="RapportMetrics"/>;
/// a failure is logged at Warning with the message's id and the reason (never its content). The outbox is its stored,
/// leased work: it runs on the <see cref="WorkerLoop"/> like every other worker.
/// </summary>
public sealed class Dispatcher(
    IOutbox outbox, DispatchGate gate, MessageComposer composer, IEmailChannel email, TimeProvider clock, RapportMetrics metrics, ILogger<Dispatcher> log) : IWorker
{
    /// <summary>How long a leased message is this worker's: after a crash, another takes it when the lease runs out.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What becomes of a message let go whose outcome was never recorded when its lease ran out (the server stopped while sending it).</summary>
    public ResendAfterCrash ResendAfterCrash { get; init; } = ResendAfterCrash.Transactional;

    /// <summary>Why a message found sending after a crash is not sent again.</summary>
    public const string NotSentAgain = "the server stopped while sending it: not sent again, marketing goes at most once";

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

            await DispatchAsync(due, ct);
            handled += due.Count;
        }
    }

    /// <summary>
    /// One round: what cannot be read fails, the rest passes the gate together, and what it lets go is sent, as many at
    /// once as the channel has connections (<see cref="IEmailChannel.Connections"/>), each outcome recorded as it comes.
    /// </summary>
    private async Task DispatchAsync(IReadOnlyList<OutboxMessage> due, CancellationToken ct)
    {
        var readable = new List<(OutboxMessage Message, EmailMessage Mail)>();
        foreach (var message in due)
        {
            if (message.Status == MessageStatus.Sending && !SendsAgain(message))
            {
                if (await outbox.AbandonAsync(message.Id, NotSentAgain, ct))
                {
                    metrics.Dispatched(message.Channel, MessageStatus.Failed);
                    log.LogWarning("Message {MessageId} ({Channel}, workspace {WorkspaceId}) was being sent when the server stopped: not sent again",
                        message.Id, WireName.Of(message.Channel), message.WorkspaceId);
                }

                continue;
            }

            var (mail, problem) = message.Channel == Channel.Email ? await composer.EmailAsync(message, ct) : (null, $"No {message.Channel} channel is configured yet.");
            if (mail is null)
            {
                await MarkAsync(message, new DeliveryResult.Failed(problem!), null, clock.GetUtcNow(), ct);
            }
            else
            {
                readable.Add((message, mail with { MessageId = $"m{message.Id}" }));
            }
        }

        var decisions = await gate.DecideAsync([.. readable.Select(r => new GateQuestion(r.Message, r.Mail.To))], ct);
        var send = new List<(OutboxMessage Message, EmailMessage Mail)>();
        foreach (var (message, mail) in readable)
        {
            switch (decisions.GetValueOrDefault(message.Id))
            {
                case null:
                    break; // ended meanwhile (its contact deleted): nothing to do
                case GateDecision.Send:
                    send.Add((message, mail));
                    break;
                case GateDecision.Defer:
                    metrics.Dispatched(message.Channel, MessageStatus.Deferred);
                    break;
                case GateDecision.Suppress:
                    metrics.Dispatched(message.Channel, MessageStatus.Suppressed);
                    break;
                default:
                    throw new UnreachableException();
            }
        }

        var together = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, email.Connections), CancellationToken = ct };
        await Parallel.ForEachAsync(send, together, async (s, token) =>
            await MarkAsync(s.Message, await SendAsync(s.Mail, clock.GetUtcNow(), token), RenderedEmail.Of(s.Mail), clock.GetUtcNow(), token));
    }

    /// <summary>Whether a message let go before a crash, its outcome never recorded, is sent again (<see cref="ResendAfterCrash"/>).</summary>
    private bool SendsAgain(OutboxMessage message) => ResendAfterCrash switch
    {
        ResendAfterCrash.All => true,
        ResendAfterCrash.None => false,
        ResendAfterCrash.Transactional => MessagePurposes.KindOf(message.Purpose) == MessageKind.Transactional,
        _ => throw new UnreachableException(),
    };

    /// <summary>Records what became of a message (with the e-mail as it went, for support): in the outbox, in the metrics and, for a failure, in the log.</summary>
    private async Task MarkAsync(OutboxMessage message, DeliveryResult result, RenderedEmail? rendered, DateTimeOffset now, CancellationToken ct)
    {
        await outbox.MarkAsync(message.Id, result, rendered, now, ct);
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

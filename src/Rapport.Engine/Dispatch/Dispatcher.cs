using System.Text.Json;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Ports;

namespace Rapport.Engine.Dispatch;

/// <summary>
/// The one gate every outgoing message passes: it leases due messages from the outbox, holds back
/// those to suppressed addresses, and hands the rest to their channel. Nothing else calls a channel.
/// </summary>
public sealed class Dispatcher(IOutbox outbox, ISuppressionStore suppressions, IEmailChannel email, TimeProvider clock)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Asks the loop to look at the outbox now (a message was just queued).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

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

    /// <summary>Dispatches whenever woken, and every <paramref name="interval"/> for retries and other nodes' work.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await DispatchDueAsync(ct);
            await _wake.WaitAsync(interval, ct);
        }
    }

    private async Task DispatchAsync(OutboxMessage message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (message.Channel != Channel.Email)
        {
            await outbox.MarkAsync(message.Id, new DeliveryResult.Failed($"No {message.Channel} channel is configured yet."), now, ct);
            return;
        }

        var mail = JsonSerializer.Deserialize<EmailMessage>(message.Content)! with { MessageId = $"m{message.Id}" };
        if (await suppressions.IsSuppressedAsync(message.WorkspaceId, SuppressionKind.Email, mail.To, ct))
        {
            await outbox.MarkSuppressedAsync(message.Id, "the address is suppressed", now, ct);
            return;
        }

        await outbox.MarkAsync(message.Id, await email.SendAsync(mail, now, ct), clock.GetUtcNow(), ct);
    }
}

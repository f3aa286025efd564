namespace Rapport.Core.Messages;

/// <summary>Sends e-mail. Only the dispatcher calls a channel: every message passes one gate.</summary>
public interface IEmailChannel
{
    Task<DeliveryResult> SendAsync(EmailMessage message, DateTimeOffset now, CancellationToken ct);

    /// <summary>How many messages the channel sends at once (its connections); the dispatcher hands it no more than that together.</summary>
    int Connections => 1;
}

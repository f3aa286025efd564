namespace Rapport.Core.Ports;

/// <summary>What every server has sent, as the message store records it: the e-mail channel's warm-up counts a day with it.</summary>
public interface ISentMail
{
    /// <summary>How many e-mails the relay took since <paramref name="since"/>, in every workspace and from every server.</summary>
    Task<long> EmailsSentSinceAsync(DateTimeOffset since, CancellationToken ct);
}

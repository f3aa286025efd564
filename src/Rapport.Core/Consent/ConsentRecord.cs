namespace Rapport.Core.Consent;

/// <summary>
/// One entry of the consent ledger, never changed once written. <see cref="Topic"/> null means every
/// topic, <see cref="Channel"/> null every channel.
/// </summary>
/// <param name="AwaitsConfirmation">A grant that holds only once confirmed (double opt-in).</param>
/// <param name="Frequency">For grants and <see cref="ConsentAction.Prefer"/>: the frequency chosen, if any.</param>
/// <param name="Format">For grants and <see cref="ConsentAction.Prefer"/>: the format chosen, if any.</param>
public sealed record ConsentRecord(
    long ContactId,
    string? Topic,
    Channel? Channel,
    ConsentAction Action,
    LegalBasis LegalBasis,
    ConsentSource Source,
    Evidence Evidence,
    string? Reason,
    bool AwaitsConfirmation,
    Frequency? Frequency,
    MessageFormat? Format,
    DateTimeOffset At)
{
    public bool Covers(string topic, Channel channel) =>
        (Topic is null || Topic == topic) && (Channel is null || Channel == channel);
}

using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;

namespace Rapport.Core.Ports;

/// <summary>A person asks to hear about some topics by e-mail (double opt-in).</summary>
public sealed record SignupRequest(string Email, string? Locale, IReadOnlyList<string> Topics, ConsentSource Source, Evidence Evidence);

/// <param name="MessageId">
/// The confirmation message that asks the person to confirm: the one queued now, or the one queued to the same address
/// less than a period ago; none when everything asked for is already confirmed.
/// </param>
public sealed record SignupResult(long ContactId, bool ContactCreated, long? MessageId, IReadOnlyList<Subscription> Changed);

public interface ISignupStore
{
    /// <summary>
    /// In one transaction: finds the contact by e-mail or creates it, records a pending grant per topic,
    /// and queues the confirmation message <paramref name="confirmation"/> makes for the contact, unless one was queued
    /// to the same address less than <paramref name="mailEvery"/> ago (at most one a period, however often a stranger
    /// signs the address up; its link confirms whatever is pending when it is pressed).
    /// </summary>
    Task<SignupResult> SignUpAsync(
        int workspaceId, SignupRequest request, DateTimeOffset now, TimeSpan mailEvery, Func<Contact, EmailMessage> confirmation, CancellationToken ct);
}

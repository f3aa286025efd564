using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;

namespace Rapport.Core.Ports;

/// <summary>A person asks to hear about some topics by e-mail (double opt-in).</summary>
public sealed record SignupRequest(string Email, string? Locale, IReadOnlyList<string> Topics, ConsentSource Source, Evidence Evidence);

/// <param name="MessageId">The confirmation message queued, if one was (none when everything asked for is already confirmed).</param>
public sealed record SignupResult(long ContactId, bool ContactCreated, long? MessageId, IReadOnlyList<Subscription> Changed);

public interface ISignupStore
{
    /// <summary>
    /// In one transaction: finds the contact by e-mail or creates it, records a pending grant per topic,
    /// and queues the confirmation message <paramref name="confirmation"/> makes for the contact.
    /// </summary>
    Task<SignupResult> SignUpAsync(int workspaceId, SignupRequest request, DateTimeOffset now, Func<Contact, EmailMessage> confirmation, CancellationToken ct);
}

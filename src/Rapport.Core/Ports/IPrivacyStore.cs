namespace Rapport.Core.Ports;

/// <summary>Data subject rights: what is held about a person, erasing it, and the audit log of both.</summary>
public interface IPrivacyStore
{
    /// <summary>The identifiers (kind, value) a contact is known by besides its external id.</summary>
    Task<IReadOnlyList<(string Kind, string Value)>> IdentitiesAsync(int workspaceId, long contactId, CancellationToken ct);

    /// <summary>
    /// Erases a person: profile, identities, events, merge records and message contents go; the e-mail and
    /// phone stay only as suppression hashes; the consent ledger is kept under a pseudonym without evidence.
    /// </summary>
    /// <returns>False when there is no such contact.</returns>
    Task<bool> EraseAsync(int workspaceId, long contactId, string actor, DateTimeOffset now, CancellationToken ct);

    /// <summary>The audit log after entry <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditLogAsync(int workspaceId, long after, int limit, CancellationToken ct);

    Task AuditAsync(int workspaceId, string actor, string action, long? contactId, string detail, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Who did what to whose data, and when (exports and erasures).</summary>
public sealed record AuditEntry(long Id, string Actor, string Action, long? ContactId, string Detail, DateTimeOffset At);

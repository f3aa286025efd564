namespace Rapport.Core.Ports;

/// <summary>Messages that were refused, kept with the reason so nothing sent is silently dropped.</summary>
public interface IDeadLetterStore
{
    Task AddAsync(int workspaceId, IReadOnlyList<DeadLetter> letters, CancellationToken ct);

    Task<Page<DeadLetter>> ListAsync(int workspaceId, long after, int limit, CancellationToken ct);
}

public sealed record DeadLetter(long Id, string Source, string Reason, string Payload, DateTimeOffset ReceivedAt);

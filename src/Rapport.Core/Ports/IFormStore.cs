using Rapport.Core.Consent;

namespace Rapport.Core.Ports;

public interface IFormStore
{
    Task AddAsync(SignupForm form, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<SignupForm>> ListAsync(int workspaceId, CancellationToken ct);

    Task<SignupForm?> GetAsync(string id, CancellationToken ct);
}

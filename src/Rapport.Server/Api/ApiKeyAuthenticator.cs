using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>Who is calling: the key and its workspace.</summary>
public sealed record Caller(ApiKey Key, Workspace Workspace);

/// <summary>
/// Finds the API key of a request: "Authorization: Bearer KEY", or HTTP Basic with the key as user
/// name (Segment's write-key convention). Known keys are remembered with the key revision they were found at
/// (a number every revocation counts up, on any node): a call reads only that number, and a key remembered
/// from before a revocation is looked up again, so a revoked key stops working at once on every node.
/// </summary>
public sealed class ApiKeyAuthenticator(IWorkspaceStore workspaces, KeyRevision revision)
{
    private readonly ConcurrentDictionary<string, (Caller Caller, long Revision)> _known = new(StringComparer.Ordinal);

    public static string? SecretFromHeader(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter.Trim();
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? pair : pair[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public async Task<Caller?> FindAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var hash = ApiKey.Hash(secret);
        var current = await revision.CurrentAsync(ct); // read before the look-up: what is found next is valid at least at this revision
        if (_known.TryGetValue(hash, out var known) && known.Revision == current)
        {
            return known.Caller;
        }

        if (await workspaces.FindKeyAsync(hash, ct) is not { } found)
        {
            _known.TryRemove(hash, out _); // revoked; unknown keys are not remembered: guessing must not fill memory
            return null;
        }

        var caller = new Caller(found.Key, found.Workspace);
        _known[hash] = (caller, current);
        return caller;
    }
}

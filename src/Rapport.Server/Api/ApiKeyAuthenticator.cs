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
/// name (Segment's write-key convention). Known keys are remembered for a minute, so ingest does
/// not ask the database on every call.
/// </summary>
public sealed class ApiKeyAuthenticator(IWorkspaceStore workspaces, TimeProvider clock)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

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
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Caller;
        }

        if (await workspaces.FindKeyAsync(hash, ct) is not { } found)
        {
            return null; // unknown keys are not remembered: guessing must not fill memory
        }

        var caller = new Caller(found.Key, found.Workspace);
        _cache[hash] = (caller, now + Remember);
        return caller;
    }
}

using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;

namespace Rapport.Testing;

/// <summary>
/// The links of a person's pages for tests without the HTTP host (which signs them, see the server's PublicLinks):
/// https://rapport.test/u/{contact}/{topic} and /p/{contact}, so a test can tell whose and which they are.
/// </summary>
public sealed class PlainLinks : IContactLinks
{
    public const string Base = "https://rapport.test";

    public Task<string> UnsubscribeAsync(int workspaceId, Contact contact, string? topic, Channel? channel) =>
        Task.FromResult($"{Base}/u/{contact.Id}/{topic ?? "all"}");

    public Task<string> PreferencesAsync(int workspaceId, Contact contact) => Task.FromResult($"{Base}/p/{contact.Id}");
}

using Rapport.Core.Consent;
using Rapport.Core.Contacts;

namespace Rapport.Core.Ports;

/// <summary>The signed links of a person's own pages, as the messages written to them carry them.</summary>
public interface IContactLinks
{
    /// <summary>The one-click unsubscribe link (/u/…): from <paramref name="topic"/> on <paramref name="channel"/>, or (nulls) from everything.</summary>
    Task<string> UnsubscribeAsync(int workspaceId, Contact contact, string? topic, Channel? channel);

    /// <summary>The preference center link (/p/…).</summary>
    Task<string> PreferencesAsync(int workspaceId, Contact contact);
}

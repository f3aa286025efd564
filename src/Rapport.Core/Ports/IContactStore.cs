using Rapport.Core.Contacts;

namespace Rapport.Core.Ports;

public interface IContactStore
{
    /// <summary>Stores a new contact and returns it as stored, with its id; null if its external id is taken.</summary>
    Task<Contact?> AddAsync(int workspaceId, Contact contact, CancellationToken ct);

    /// <summary>Saves the contact's fields and returns it as stored; null if its external id belongs to another contact.</summary>
    Task<Contact?> UpdateAsync(int workspaceId, Contact contact, CancellationToken ct);

    Task<Contact?> GetAsync(int workspaceId, long id, CancellationToken ct);

    Task<Page<Contact>> FindAsync(int workspaceId, ContactKey key, string value, CancellationToken ct);

    /// <summary>Contacts whose external id, e-mail or phone starts with <paramref name="text"/> (all if null), by id.</summary>
    Task<Page<Contact>> SearchAsync(int workspaceId, string? text, long after, int limit, CancellationToken ct);

    /// <summary>Deletes the contact with its identities and events; false if there was none.</summary>
    Task<bool> DeleteAsync(int workspaceId, long id, CancellationToken ct);
}

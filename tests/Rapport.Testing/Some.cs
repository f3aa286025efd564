using System.Text.Json.Nodes;
using Rapport.Core.Contacts;

namespace Rapport.Testing;

/// <summary>Builders of test data with unique values, so tests sharing a database never collide.</summary>
public static class Some
{
    private static int _counter;

    public static string Id(string prefix = "id") => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..(prefix.Length + 14)];

    public static string Email() => $"{Id("p")}@example.com";

    public static Contact Contact(DateTimeOffset now, string? externalId = null, string? email = null, string? phone = null) =>
        new(0, externalId, email, phone, null, null, null, new JsonObject(), now, now, now);
}

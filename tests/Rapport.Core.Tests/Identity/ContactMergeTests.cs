using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Identity;

namespace Rapport.Core.Tests.Identity;

public sealed class ContactMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Newer_traits_win_key_by_key_and_nothing_is_lost()
    {
        var survivor = Contact(1, "u1", null, T0, new JsonObject { ["plan"] = "free", ["city"] = "Oslo" });
        var absorbed = Contact(2, null, "a@example.com", T0.AddDays(1), new JsonObject { ["plan"] = "pro", ["color"] = "red" });

        var merged = ContactMerge.Combine(survivor, absorbed, T0.AddDays(2));

        Assert.Equal((1L, "u1", "a@example.com"), (merged.Id, merged.ExternalId, merged.Email));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"plan":"pro","city":"Oslo","color":"red"}"""), merged.Traits));
        Assert.Equal(T0.AddDays(1), merged.TraitsAt);
    }

    [Fact]
    public void Older_absorbed_traits_only_fill_gaps()
    {
        var survivor = Contact(1, "u1", "s@example.com", T0.AddDays(1), new JsonObject { ["plan"] = "pro" });
        var absorbed = Contact(2, null, "old@example.com", T0, new JsonObject { ["plan"] = "free", ["city"] = "Oslo" });

        var merged = ContactMerge.Combine(survivor, absorbed, T0.AddDays(2));

        Assert.Equal("s@example.com", merged.Email);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"plan":"pro","city":"Oslo"}"""), merged.Traits));
    }

    private static Contact Contact(long id, string? externalId, string? email, DateTimeOffset traitsAt, JsonObject traits) =>
        new(id, externalId, email, null, null, null, null, traits, traitsAt, T0, T0);
}

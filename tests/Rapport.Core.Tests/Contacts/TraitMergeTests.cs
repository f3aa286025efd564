using System.Text.Json.Nodes;
using Rapport.Core.Contacts;

namespace Rapport.Core.Tests.Contacts;

public sealed class TraitMergeTests
{
    [Theory]
    [InlineData("plan", "\"pro\"", """{"plan":"pro","address":"flat","keep":1}""")]
    [InlineData("address.city", "\"Łódź\"", """{"plan":"free","address":{"city":"Łódź"},"keep":1}""")]
    [InlineData("a.b.c", "[1]", """{"plan":"free","address":"flat","keep":1,"a":{"b":{"c":[1]}}}""")]
    [InlineData("plan", null, """{"address":"flat","keep":1}""")]
    [InlineData("address.city", null, """{"plan":"free","address":"flat","keep":1}""")]
    [InlineData("missing.deep", null, """{"plan":"free","address":"flat","keep":1}""")]
    public void A_trait_is_set_at_its_path_or_removed_and_the_rest_stays(string path, string? value, string expected)
    {
        var traits = new JsonObject { ["plan"] = "free", ["address"] = "flat", ["keep"] = 1 };
        var before = traits.ToJsonString();

        var changed = TraitMerge.SetAt(traits, path, value is null ? null : JsonNode.Parse(value));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), changed), changed.ToJsonString());
        Assert.Equal(before, traits.ToJsonString()); // the argument is left as it was
    }
}

using System.Text;
using Rapport.Core.Validation;

namespace Rapport.Core.Tests.Validation;

/// <summary>The JSON text Rapport accepts, and where a problem is said to be.</summary>
public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"name":"x\ud800"}""", "name", "unpaired surrogate")]
    [InlineData("""{"name":"\udc00x"}""", "name", "unpaired surrogate")]
    [InlineData("""{"name":"\ud800\ud800"}""", "name", "unpaired surrogate")]
    [InlineData("""{"traits":{"note":"a\u0000b"}}""", "traits.note", "NUL")]
    [InlineData("""{"a":"x\\\u0000y"}""", "a", "NUL")]
    [InlineData("""{"condition":{"all":[{"trait":"email"},{"value":"\ud800"}]}}""", "condition.all[1].value", "unpaired surrogate")]
    [InlineData("""{"name":"a","name":"b"}""", "name", "given twice")]
    [InlineData("""{"traits":{"plan":1,"x":{},"plan":2}}""", "traits.plan", "given twice")]
    [InlineData("""{"a":{"x":1},"b":1,"a":2}""", "a", "given twice")]
    [InlineData("""{"a":1,"\u0061":2}""", "a", "given twice")]
    [InlineData("""{"a":{"\ud800":1}}""", "a", "a field name in this object holds an unpaired surrogate")]
    [InlineData("""["ok","\u0000"]""", "body[1]", "NUL")]
    [InlineData("""{"n":1e400}""", "n", "too large")]
    [InlineData("""{"n":-1e309}""", "n", "too large")]
    [InlineData("""{"n":1e-99999}""", "n", "too close to zero")]
    public void Text_that_is_not_accepted_is_named_by_its_path(string json, string path, string reason)
    {
        var problem = JsonText.Check(Encoding.UTF8.GetBytes(json));

        Assert.Equal(path, problem?.Path);
        Assert.Contains(reason, problem!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":"C:\\u0000dir"}""")] // an escaped backslash, then the letters u0000
    [InlineData("""{"a":"\ud83d\ude00 \u00e9 \ufffd é"}""")]
    [InlineData("""{"a":[{"b":1},{"b":2}],"c":{"b":3}}""")] // the same name in different objects
    [InlineData("""{"a":{"x":1},"x":2}""")]
    [InlineData("""{"n":0,"m":0e-99999,"k":-0.0,"p":1.5e308,"q":4.9e-324}""")]
    [InlineData("""["\n\t\"\\\/"]""")]
    public void Ordinary_text_and_numbers_are_accepted(string json) =>
        Assert.Null(JsonText.Check(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_named_even_inside_escaped_text()
    {
        byte[] json = [.. "{\"traits\":{\"a\":\"\\n"u8, 0xff, 0xfe, .. "\"}}"u8];

        Assert.Equal(new JsonTextProblem("traits.a", "is not valid UTF-8 text"), JsonText.Check(json));
    }

    [Fact]
    public void A_name_given_twice_is_found_in_an_object_of_many_names()
    {
        var names = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"k{i}\":{i}"));

        Assert.Null(JsonText.Check(Encoding.UTF8.GetBytes("{" + names + "}")));
        Assert.Equal("k7", JsonText.Check(Encoding.UTF8.GetBytes("{" + names + ",\"k7\":0}"))?.Path);
        Assert.Equal("x.k99", JsonText.Check(Encoding.UTF8.GetBytes("{\"x\":{" + names + ",\"k99\":0}}"))?.Path);
    }

    [Fact]
    public void A_number_written_too_long_for_a_database_is_refused() =>
        Assert.Contains("more than 1000 characters", JsonText.Check(Encoding.UTF8.GetBytes("[0." + new string('0', 1000) + "1]"))!.Reason, StringComparison.Ordinal);

    [Fact]
    public void The_items_of_a_batch_are_left_to_be_checked_one_by_one()
    {
        var body = Encoding.UTF8.GetBytes("""{"batch":[{"a":"\ud800","a":1},"\u0000"],"sentAt":"x"}""");

        Assert.Null(JsonText.Check(body, itemsCheckedApart: "batch"));
        Assert.Equal("sentAt", JsonText.Check(Encoding.UTF8.GetBytes("""{"batch":[],"sentAt":"\ud800"}"""), itemsCheckedApart: "batch")?.Path);
        Assert.Equal("batch", JsonText.Check(Encoding.UTF8.GetBytes("""{"batch":[],"batch":[]}"""), itemsCheckedApart: "batch")?.Path);
    }

    [Fact]
    public void A_repaired_payload_has_U_FFFD_in_place_of_what_is_not_text_and_keeps_the_rest()
    {
        byte[] json = [.. """{"a":"x\ud800","b":"\ud83d\ude00","c":"\\ud800","d":"\u0000","""u8, .. "\"e\":\""u8, 0xff, .. "\"}"u8];

        var repaired = JsonText.Repaired(json, out var changed);

        Assert.True(changed);
        Assert.Equal("{\"a\":\"x\\uFFFD\",\"b\":\"\\ud83d\\ude00\",\"c\":\"\\\\ud800\",\"d\":\"\\uFFFD\",\"e\":\"\uFFFD\"}", repaired);
        Assert.Null(JsonText.Check(Encoding.UTF8.GetBytes(repaired)));
        Assert.Equal("{\"a\":1}", JsonText.Repaired("{\"a\":1}"u8, out var unchanged));
        Assert.False(unchanged);
        Assert.Equal("not JSON \\u12 \\", JsonText.Repaired("not JSON \\u12 \\"u8, out _)); // whatever a payload is, it can be shown
    }
}

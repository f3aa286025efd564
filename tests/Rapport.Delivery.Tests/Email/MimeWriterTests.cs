using System.Text;
using System.Text.Json.Nodes;
using Rapport.Core.Messages;
using Rapport.Delivery.Email;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email;

/// <summary>What Rapport writes, read back by an independent MIME parser (Python's email package).</summary>
public sealed class MimeWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(1));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rapport-mime-" + Guid.NewGuid().ToString("N"));

    public MimeWriterTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static EmailMessage Message(string subject, string text, string? html = null, string? fromName = "Rapport", params (string, string)[] headers) =>
        new("m42", "news@shop.example", fromName, "anna@example.pl", subject, text, html,
            headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList());

    private async Task<(string Raw, JsonNode Parsed)> RoundTripAsync(EmailMessage message, string name = "m")
    {
        var path = Path.Combine(_folder, name + ".eml");
        var raw = MimeWriter.Write(message, "shop.example", Now);
        await File.WriteAllTextAsync(path, raw, new UTF8Encoding(false));
        return (raw, await MimeFile.ParseAsync(path));
    }

    private static string Content(JsonNode parsed, int part) =>
        parsed["parts"]![part]!["content"]!.GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Unix(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public async Task Polish_Arabic_and_Persian_text_arrive_exactly_as_written_in_both_parts()
    {
        var text = "Zażółć gęślą jaźń.\n.a line starting with a dot\nFrom the start of a line\n= sign and trailing spaces   \n" + new string('x', 230) + "\nسلام دنیا";
        var html = "<p dir=\"rtl\">خوش آمدید – مرحبا بكم</p>\n<p>Zażółć = " + new string('ą', 120) + "</p>";
        var (_, mail) = await RoundTripAsync(Message("Zażółć gęślą jaźń – potwierdź zapis", text, html, "متجر رابور"));

        Assert.Empty(mail["defects"]!.AsArray());
        Assert.Equal("Zażółć gęślą jaźń – potwierdź zapis", mail["subject"]!.GetValue<string>());
        Assert.Equal("متجر رابور", mail["fromName"]!.GetValue<string>());
        Assert.Equal("multipart/alternative", mail["contentType"]!.GetValue<string>());
        Assert.Equal(("text/plain", "text/html"), (mail["parts"]![0]!["type"]!.GetValue<string>(), mail["parts"]![1]!["type"]!.GetValue<string>()));
        Assert.Equal(text, Content(mail, 0).TrimEnd('\n'));
        Assert.Equal(html, Content(mail, 1).TrimEnd('\n'));
        Assert.Equal("<m42@shop.example>", mail["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_text_only_message_is_one_plain_part()
    {
        var (_, mail) = await RoundTripAsync(Message("Hello", "Just text.\nTwo lines."));
        Assert.Equal("text/plain", mail["contentType"]!.GetValue<string>());
        Assert.Equal("Just text.\nTwo lines.", Content(mail, 0).TrimEnd('\n'));
    }

    [Fact]
    public async Task Every_line_ends_with_CRLF_and_stays_within_the_limits()
    {
        var longSubject = string.Join(' ', Enumerable.Repeat("Weekly offers for you", 8));
        var (raw, mail) = await RoundTripAsync(Message(longSubject, new string('ł', 3000), "<b>" + new string('y', 2000) + "</b>"));
        var bytes = Encoding.UTF8.GetBytes(raw);
        Assert.DoesNotContain(bytes.Select((b, i) => (b, i)), p => p.b == '\n' && (p.i == 0 || bytes[p.i - 1] != '\r'));
        var lines = raw.Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 998));
        Assert.All(lines.TakeWhile(l => l.Length > 0), l => Assert.True(l.Length <= 78, $"header line of {l.Length}: {l}"));
        Assert.Equal(longSubject, mail["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Unsubscribe_headers_arrive_unchanged()
    {
        var url = "https://news.shop.example/u/" + new string('A', 90) + ".signature-part-0123456789";
        var value = $"<{url}>, <mailto:unsubscribe@shop.example?subject=unsubscribe>";
        var (_, mail) = await RoundTripAsync(Message("Offers", "Body", null, null,
            ("List-Unsubscribe", value), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")));

        Assert.Equal(value, mail["headers"]!["List-Unsubscribe"]!.GetValue<string>());
        Assert.Equal("List-Unsubscribe=One-Click", mail["headers"]!["List-Unsubscribe-Post"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("to")]
    [InlineData("header")]
    public void A_line_break_in_a_header_is_refused(string where)
    {
        var message = Message("Fine", "Body") with
        {
            Subject = where == "subject" ? "Hi\r\nBcc: victim@example.com" : "Hi",
            To = where == "to" ? "a@example.com\nBcc: victim@example.com" : "a@example.com",
            Headers = where == "header" ? [new("X-Campaign", "spring\r\nBcc: victim@example.com")] : [],
        };
        Assert.Throws<ArgumentException>(() => MimeWriter.Write(message, "shop.example", Now));
    }

    [Fact]
    public async Task Two_hundred_random_texts_round_trip_exactly()
    {
        var random = new Random(2047);
        string[] pieces = ["a", "Z", " ", "  ", "=", "==", ".", "\t", "ą", "ż", "ó", "س", "لا", "ی", "😀", "\n", "\r\n", "From ", "=?utf-8?B?x?=", new string('w', 90)];
        var texts = Enumerable.Range(0, 200)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 120)).Select(_ => pieces[random.Next(pieces.Length)])))
            .ToList();
        var paths = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            paths.Add(Path.Combine(_folder, $"r{i}.eml"));
            await File.WriteAllTextAsync(paths[^1], MimeWriter.Write(Message("Random " + i, texts[i]), "shop.example", Now), new UTF8Encoding(false));
        }

        var parsed = await MimeFile.ParseAllAsync(paths);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Empty(parsed[i]["defects"]!.AsArray());
            Assert.Equal(Unix(texts[i]).TrimEnd('\n'), Content(parsed[i], 0).TrimEnd('\n'));
        }
    }
}

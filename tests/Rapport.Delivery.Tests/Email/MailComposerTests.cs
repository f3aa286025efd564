using System.Globalization;
using System.Text;
using Rapport.Delivery.Email;
using Rapport.Testing;
using static Rapport.Delivery.Tests.Email.Mails;

namespace Rapport.Delivery.Tests.Email;

/// <summary>What Rapport writes, read back by an independent MIME parser (Python's email package).</summary>
public sealed class MailComposerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Polish_Arabic_and_Persian_arrive_exactly_as_written_in_headers_and_both_parts()
    {
        var text = "Zażółć gęślą jaźń.\n.a line starting with a dot\n.\nFrom the start of a line\nFrom\n" +
                   "= sign: a=b, ==, =?utf-8?B?eA==?= and =41\ntrailing spaces   \ntrailing tab\t\n" +
                   string.Concat(Enumerable.Repeat("Gęś żółta, ", 25)) + "\r\nسلام دنیا، این یک آزمایش است\r\nend  ";
        var html = "<!DOCTYPE html><html dir=\"rtl\"><body><p>" + string.Concat(Enumerable.Repeat("خوش آمدید به فروشگاه ما – ", 12)) +
                   "</p>\n<p lang=\"pl\">Zażółć gęślą jaźń = 100%   </p>\n.\nFrom me\n</body></html>\n";
        var (path, _) = WriteTo(_folder, Message("Zażółć gęślą jaźń – potwierdź zapis", text, html, "متجر رابور"));

        var mail = await PythonMime.ParseAsync(path);

        Assert.Empty(mail.Defects);
        Assert.Equal("Zażółć gęślą jaźń – potwierdź zapis", mail.Subject);
        Assert.Equal(("متجر رابور", "news@shop.example"), (mail.FromName, mail.FromAddress));
        Assert.Equal("anna@example.pl", mail.To);
        Assert.Equal("<m42@shop.example>", mail.MessageId);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Equal([("text/plain", "utf-8"), ("text/html", "utf-8")], mail.Parts.Select(p => (p.ContentType, p.Charset)));
        Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal), mail.Text(0));
        Assert.Equal(html, mail.Text(1));
    }

    [Fact]
    public async Task A_text_only_message_is_one_plain_part()
    {
        var (path, _) = WriteTo(_folder, Message("Hello", "Just text.\r\nTwo lines = two.", fromName: null));

        var mail = await PythonMime.ParseAsync(path);

        Assert.Empty(mail.Defects);
        Assert.Equal("text/plain", mail.ContentType);
        Assert.Equal(("", "news@shop.example"), (mail.FromName, mail.FromAddress));
        Assert.Equal("text/plain", Assert.Single(mail.Parts).ContentType);
        Assert.Equal("Just text.\nTwo lines = two.", mail.Text(0));
    }

    [Fact]
    public void Every_line_ends_with_CRLF_and_stays_within_998_octets_and_78_in_the_bodies()
    {
        var (_, raw) = WriteTo(_folder, Message(
            new string('S', 1500), string.Concat(Enumerable.Repeat("łódź ", 800)) + "\n" + new string('x', 3000) + "\n.\nFrom here\ntrailing   \n\t\nend",
            "<p>" + new string('ی', 2000) + "</p>", headers: ("X-Campaign", string.Join(' ', Enumerable.Repeat(new string('c', 400), 6)))));
        var bytes = File.ReadAllBytes(_folder.File("m.eml"));

        Assert.Equal("\r\n"u8.ToArray(), bytes[^2..]);
        var lines = new List<byte[]>();
        for (int start = 0, end; start < bytes.Length; start = end + 2)
        {
            end = Array.IndexOf(bytes, (byte)'\n', start) - 1;
            Assert.True(end >= start - 1 && bytes[end] == '\r', $"a line break at {end + 1} is not CRLF");
            Assert.True(Array.IndexOf(bytes, (byte)'\r', start, end - start) < 0, $"a bare CR in the line at {start}");
            lines.Add(bytes[start..end]);
        }

        Assert.All(lines, line => Assert.True(line.Length <= 998, $"a line of {line.Length} octets"));
        var bodyLines = raw.Split("\r\n").SkipWhile(l => l.Length > 0).Where(l => !l.StartsWith("Content-", StringComparison.Ordinal));
        // MimeKit's quoted-printable lines reach 78 with the soft break (RFC 2045 asks 76; RFC 5322 recommends 78, as here).
        // A line that starts with "." is SMTP's to escape (MailKit does): the SMTP tests send such a body through.
        Assert.All(bodyLines, line =>
        {
            Assert.True(line.Length <= 78, $"a body line of {line.Length}: {line}");
            Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"whitespace a gateway may strip ends '{line}'");
        });
    }

    [Fact]
    public async Task Long_headers_fold_and_long_subjects_and_names_in_any_language_arrive_whole()
    {
        var asciiSubject = string.Join(' ', Enumerable.Repeat("Weekly offers for you", 8));
        var polishSubject = string.Concat(Enumerable.Repeat("Zażółć", 12)) + string.Concat(Enumerable.Repeat(" gęślą jaźń – potwierdź zapis.", 4));
        var url = "https://news.shop.example/u/" + new string('A', 90);
        var headers = ("List-Unsubscribe", $"<{url}>, <mailto:unsubscribe@shop.example?subject=unsubscribe>");
        var (asciiPath, asciiRaw) = WriteTo(_folder, Message(asciiSubject, headers: headers), "ascii");
        var (polishPath, polishRaw) = WriteTo(_folder, Message(polishSubject, fromName: "متجر رابور للأزياء", html: "<p>x</p>"), "polish");
        var longName = string.Concat(Enumerable.Repeat("فروشگاه اینترنتی رابور ", 4)).TrimEnd();
        var (longNamePath, longNameRaw) = WriteTo(_folder, Message(fromName: longName), "name");

        // Plain ASCII folds within 78; encoded words fold too, though MimeKit lets one long word's encoded words pass 75.
        foreach (var line in HeaderLines(asciiRaw))
        {
            var words = line.TrimStart(' ', '\t').Split(' ');
            var unbreakable = words.Length == 1 || (words.Length == 2 && words[0].EndsWith(':'));
            Assert.True(line.Length <= 78 || unbreakable, $"a header line of {line.Length} that could fold: {line}");
        }

        Assert.All(HeaderLines(polishRaw).Concat(HeaderLines(longNameRaw)), l => Assert.True(l.Length <= 100, $"{l.Length}: {l}"));
        Assert.Contains(HeaderLines(polishRaw), l => l.StartsWith(' ') && l.Contains("=?utf-8?b?", StringComparison.OrdinalIgnoreCase));

        var mails = await PythonMime.ParseAllAsync([asciiPath, polishPath, longNamePath]);
        Assert.Equal([asciiSubject, polishSubject, "Hello"], mails.Select(m => m.Subject));
        Assert.Equal("متجر رابور للأزياء", mails[1].FromName);
        // Python keeps the whitespace between encoded words in a display name (RFC 2047 §6.2 says to drop it),
        // so only the words are compared for a name that needs several encoded words.
        Assert.Equal(longName.Split(' '), mails[2].FromName.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(mails, m => Assert.Empty(m.Defects));
    }

    [Fact]
    public async Task List_Unsubscribe_headers_arrive_unchanged()
    {
        var url = "https://news.shop.example/u/" + new string('A', 90) + ".signature-part-0123456789";
        var value = $"<{url}>, <mailto:unsubscribe@shop.example?subject=unsubscribe>";
        var (path, raw) = WriteTo(_folder, Message(headers: [("List-Unsubscribe", value), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]));

        var mail = await PythonMime.ParseAsync(path, "List-Unsubscribe", "List-Unsubscribe-Post");

        Assert.Contains("\r\n <mailto:", raw, StringComparison.Ordinal); // folded, as a line of 998 allows but 78 asks
        Assert.Empty(mail.Defects);
        Assert.Equal(value, mail.Headers["List-Unsubscribe"]?.TrimStart()); // Python keeps the space of a fold right after the colon
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
    }

    [Theory]
    [InlineData("Subject", "Hi\r\nBcc: victim@example.com")]
    [InlineData("Subject", "Hi\nBcc: victim@example.com")]
    [InlineData("To", "anna@example.pl\r\nBcc: victim@example.com")]
    [InlineData("From", "news@shop.example\rBcc: victim@example.com")]
    [InlineData("FromName", "Shop\nBcc: victim@example.com")]
    [InlineData("X-Campaign header", "spring\r\nBcc: victim@example.com")]
    [InlineData("header name", "X-Campaign\r\nBcc")]
    public void A_line_break_in_a_header_is_refused(string field, string value)
    {
        var message = field switch
        {
            "Subject" => Message() with { Subject = value },
            "To" => Message() with { To = value },
            "From" => Message() with { From = value },
            "FromName" => Message() with { FromName = value },
            "X-Campaign header" => Message(headers: ("X-Campaign", value)),
            "header name" => Message(headers: (value, "spring")),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var refused = Assert.Throws<ArgumentException>(() => new MailComposer("shop.example").Compose(message, Now));
        Assert.Contains(field, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Note", "zażółć")]
    [InlineData("X Note", "a")]
    [InlineData("Content-Type", "text/html")]
    [InlineData("x-long", "one word that cannot be folded: ")]
    public void An_extra_header_that_cannot_be_written_safely_is_refused(string name, string value)
    {
        var message = Message(headers: (name, value.EndsWith(": ", StringComparison.Ordinal) ? value + new string('w', 1000) : value));
        var refused = Assert.Throws<ArgumentException>(() => new MailComposer("shop.example").Compose(message, Now));
        Assert.Contains(name, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_date_is_in_RFC_5322_form_whatever_the_current_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ar-SA");
        var bytes = MailComposer.Bytes(new MailComposer("shop.example").Compose(Message(), new DateTimeOffset(2026, 3, 1, 7, 5, 9, new TimeSpan(-3, -30, 0))));
        CultureInfo.CurrentCulture = culture;
        var path = _folder.File("date.eml");
        await File.WriteAllBytesAsync(path, bytes);

        Assert.Contains("Date: Sun, 01 Mar 2026 07:05:09 -0330", HeaderLines(Encoding.ASCII.GetString(bytes)));
        Assert.Equal("Sun, 01 Mar 2026 07:05:09 -0330", (await PythonMime.ParseAsync(path, "Date")).Headers["Date"]);
    }
}

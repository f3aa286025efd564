using System.Text;
using Rapport.Testing;
using static Rapport.Delivery.Tests.Email.Mails;

namespace Rapport.Delivery.Tests.Email;

/// <summary>Property: any text body (and subject) comes back from an independent parser exactly as written.</summary>
public sealed class RandomRoundTripTests : IDisposable
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "word", "7", " ", "  ", "\t", "=", "==", "=41", "=\n", "=?utf-8?B?eA==?=", ".", "..", "From ", "From", "<b>", "&amp;",
        "ą", "ż", "ó", "ł", "Zażółć", "س", "لا", "مرحبا", "ی", "گ", "خوش آمدید", "😀", "👍🏽", "\u200c", "–",
        " \n", "\t\r\n", "  \n", "\n", "\r\n", "\n.\n", "\nFrom ",
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Two_hundred_random_texts_round_trip_exactly()
    {
        var random = new Random(2045);
        var cases = Enumerable.Range(0, 200).Select(i =>
        {
            var text = Random(random, random.Next(1, 150)); // an empty body arrives as one line end
            var subject = Random(random, random.Next(1, 12)).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
            var (path, _) = WriteTo(_folder, Message(subject, text, i % 4 == 0 ? "<p>" + text + "</p>" : null), $"r{i}");
            return (Text: text, Subject: subject, Path: path);
        }).ToList();

        var mails = await PythonMime.ParseAllAsync(cases.Select(c => c.Path).ToList());

        foreach (var ((text, subject, path), mail) in cases.Zip(mails))
        {
            Assert.True(mail.Defects.Count == 0, $"{path}: {string.Join("; ", mail.Defects)}");
            Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal), mail.Text(0));
            Assert.Equal(subject.Trim(), mail.Subject.Trim()); // spaces around a subject are not kept (MimeKit drops them)
        }
    }

    private static string Random(Random random, int pieces)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            var piece = Pieces[random.Next(Pieces.Length)];
            var repeat = random.Next(20) == 0 ? random.Next(60, 300) / piece.Length : 1; // now and then a long line
            text.Insert(text.Length, piece, repeat);
        }

        return text.ToString();
    }
}

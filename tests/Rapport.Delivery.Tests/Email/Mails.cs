using System.Text;
using Rapport.Core.Messages;
using Rapport.Delivery.Email;
using Rapport.Testing;

namespace Rapport.Delivery.Tests.Email;

/// <summary>Messages for the tests, and writing them where python can read them.</summary>
public static class Mails
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(1));

    public static EmailMessage Message(
        string subject = "Hello", string text = "Body", string? html = null, string? fromName = "Rapport", params (string Name, string Value)[] headers) =>
        new("m42", "news@shop.example", fromName, "anna@example.pl", subject, text, html,
            headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList());

    /// <summary>Writes the message as {folder}/{name}.eml and returns the path and the raw text.</summary>
    public static (string Path, string Raw) WriteTo(TempFolder folder, EmailMessage message, string name = "m")
    {
        var bytes = MailComposer.Bytes(new MailComposer("shop.example").Compose(message, Now));
        var path = folder.File(name + ".eml");
        File.WriteAllBytes(path, bytes);
        return (path, Encoding.ASCII.GetString(bytes));
    }

    /// <summary>The header lines: everything before the first empty line.</summary>
    public static string[] HeaderLines(string raw) => raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
}

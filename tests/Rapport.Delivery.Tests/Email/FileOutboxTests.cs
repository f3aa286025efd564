using Rapport.Core.Messages;
using Rapport.Delivery.Email;
using Rapport.Testing;
using static Rapport.Delivery.Tests.Email.Mails;

namespace Rapport.Delivery.Tests.Email;

public sealed class FileOutboxTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly MailComposer Composer = new("shop.example");

    private static EmailMessage Mail(string id, string subject = "Hello") => Message(subject) with { MessageId = id };

    [Fact]
    public async Task A_message_becomes_one_whole_eml_file_and_sending_again_overwrites_it()
    {
        var folder = _temp.File("outbox/new"); // created on the first send
        var outbox = new FileOutbox(folder, Composer);

        var first = await outbox.SendAsync(Mail("m7", "First"), Now, CancellationToken.None);
        var again = await outbox.SendAsync(Mail("m7", "Second"), Now, CancellationToken.None);

        var path = Path.Combine(folder, "m7.eml");
        Assert.Equal(new DeliveryResult.Sent(path), first);
        Assert.Equal(new DeliveryResult.Sent(path), again);
        Assert.Equal(["m7.eml"], Directory.GetFiles(folder).Select(Path.GetFileName)); // no temporary file left
        var mail = await PythonMime.ParseAsync(path);
        Assert.Equal(("Second", "<m7@shop.example>"), (mail.Subject, mail.MessageId));
        Assert.Empty(mail.Defects);
    }

    [Fact]
    public async Task Each_message_id_gets_its_own_file()
    {
        var outbox = new FileOutbox(_temp.Path, Composer);
        foreach (var id in new[] { "m1", "m2", "Campaign_7-a" })
        {
            Assert.IsType<DeliveryResult.Sent>(await outbox.SendAsync(Mail(id), Now, CancellationToken.None));
        }

        Assert.Equal(["Campaign_7-a.eml", "m1.eml", "m2.eml"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("m1.eml")]
    [InlineData("m 1")]
    [InlineData("")]
    public async Task An_id_that_is_not_a_safe_file_name_fails_for_good(string id)
    {
        var folder = _temp.File("outbox");
        var result = await new FileOutbox(folder, Composer).SendAsync(Mail(id), Now, CancellationToken.None);

        Assert.IsType<DeliveryResult.Failed>(result);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any());
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task A_message_with_a_line_break_in_a_header_fails_for_good_without_a_file()
    {
        var result = await new FileOutbox(_temp.Path, Composer)
            .SendAsync(Mail("m9") with { Subject = "Hi\r\nBcc: victim@example.com" }, Now, CancellationToken.None);

        Assert.Contains("Subject", Assert.IsType<DeliveryResult.Failed>(result).Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task A_file_system_error_asks_to_retry_in_a_minute()
    {
        var notAFolder = _temp.File("occupied");
        await File.WriteAllTextAsync(notAFolder, "a file where the outbox folder should be");

        var result = await new FileOutbox(notAFolder, Composer).SendAsync(Mail("m1"), Now, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<DeliveryResult.Retry>(result).After);
        Assert.Equal(["occupied"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
    }
}

using Rapport.Core.Messages;
using Rapport.Delivery.Email;

namespace Rapport.Delivery.Tests.Email;

public sealed class FileOutboxTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rapport-outbox-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static EmailMessage Message(string id, string subject) => new(id, "news@shop.example", null, "anna@example.pl", subject, "Body", null, []);

    [Fact]
    public async Task A_message_becomes_one_whole_file_and_sending_again_overwrites_it()
    {
        var outbox = new FileOutbox(_folder, "shop.example");
        var first = await outbox.SendAsync(Message("m7", "First"), DateTimeOffset.UnixEpoch, CancellationToken.None);
        var again = await outbox.SendAsync(Message("m7", "Second"), DateTimeOffset.UnixEpoch, CancellationToken.None);

        var path = Assert.IsType<DeliveryResult.Sent>(again).Receipt;
        Assert.Equal(Path.Combine(_folder, "m7.eml"), path);
        Assert.Equal(path, Assert.IsType<DeliveryResult.Sent>(first).Receipt);
        Assert.Equal(["m7.eml"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Contains("Subject: Second", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task An_id_that_cannot_be_a_file_name_fails_for_good(string id)
    {
        var result = await new FileOutbox(_folder, "shop.example").SendAsync(Message(id, "x"), DateTimeOffset.UnixEpoch, CancellationToken.None);
        Assert.IsType<DeliveryResult.Failed>(result);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "escape.eml")));
    }
}

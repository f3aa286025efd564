using System.Buffers;
using System.Text;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email;

/// <summary>
/// The embedded default e-mail channel: each message becomes {folder}/{messageId}.eml, written to a
/// temporary file and renamed, so a reader never sees half a message. Sending again overwrites.
/// </summary>
public sealed class FileOutbox(string folder, string messageIdDomain) : IEmailChannel
{
    private static readonly SearchValues<char> SafeName =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<DeliveryResult> SendAsync(EmailMessage message, DateTimeOffset now, CancellationToken ct)
    {
        if (message.MessageId.Length is 0 or > 100 || message.MessageId.AsSpan().ContainsAnyExcept(SafeName))
        {
            return new DeliveryResult.Failed($"'{message.MessageId}' cannot name a file: letters, digits, '-' and '_' only.");
        }

        var path = Path.Combine(Folder, message.MessageId + ".eml");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            await File.WriteAllTextAsync(temporary, MimeWriter.Write(message, messageIdDomain, now), new UTF8Encoding(false), ct);
            File.Move(temporary, path, overwrite: true);
            return new DeliveryResult.Sent(path);
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            return new DeliveryResult.Retry(TimeSpan.FromMinutes(1), e.Message);
        }
    }
}

using System.Buffers;
using Rapport.Core.Messages;

namespace Rapport.Delivery.Email;

/// <summary>
/// The embedded default e-mail channel: each message becomes {folder}/{messageId}.eml, written to a
/// temporary file in the same folder and renamed, so a reader never sees half a message. Sending the same
/// message again overwrites its file.
/// </summary>
public sealed class FileOutbox : IEmailChannel
{
    private static readonly SearchValues<char> SafeName =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    private readonly MailComposer _composer;

    /// <param name="folder">Where the .eml files go; created when missing.</param>
    /// <param name="composer">Makes each message's MIME form, as SMTP would send it.</param>
    public FileOutbox(string folder, MailComposer composer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(composer);
        Folder = Path.GetFullPath(folder);
        _composer = composer;
    }

    /// <summary>The full path of the folder the messages are written to.</summary>
    public string Folder { get; }

    /// <summary>
    /// Writes the message. <see cref="DeliveryResult.Sent"/> with the file's full path; <see cref="DeliveryResult.Failed"/>
    /// when the id cannot name a file or the message cannot be written as MIME (e.g. a line break in a header);
    /// <see cref="DeliveryResult.Retry"/> in a minute when the file system fails.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(EmailMessage message, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.MessageId.Length is 0 or > 100 || message.MessageId.AsSpan().ContainsAnyExcept(SafeName))
        {
            return new DeliveryResult.Failed($"'{message.MessageId}' cannot name a file: 1 to 100 letters, digits, '-' and '_' only.");
        }

        byte[] mime;
        try
        {
            mime = MailComposer.Bytes(_composer.Compose(message, now));
        }
        catch (ArgumentException e)
        {
            return new DeliveryResult.Failed(e.Message);
        }

        var path = Path.Combine(Folder, message.MessageId + ".eml");
        var temporary = Path.Combine(Folder, $".{message.MessageId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Folder);
            await File.WriteAllBytesAsync(temporary, mime, ct);
            File.Move(temporary, path, overwrite: true);
            return new DeliveryResult.Sent(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DeliveryResult.Retry(TimeSpan.FromMinutes(1), $"Could not write {path}: {e.Message}");
        }
        finally
        {
            RemoveLeftover(temporary);
        }
    }

    /// <summary>Removes the temporary file of a write that did not complete; one that cannot be removed is left (it is not an .eml).</summary>
    private static void RemoveLeftover(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the message's own result says what happened.
        }
    }
}

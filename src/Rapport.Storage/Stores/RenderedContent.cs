using System.IO.Compression;
using System.Text.Json;
using Rapport.Core.Messages;

namespace Rapport.Storage.Stores;

/// <summary>
/// A rendered e-mail as the message table keeps it: its JSON compressed with Brotli at its fastest (a personalised
/// e-mail of a few kilobytes takes a few hundred bytes), so that a campaign to a million people keeps what each received.
/// </summary>
internal static class RenderedContent
{
    public static byte[]? Encode(RenderedEmail? rendered)
    {
        if (rendered is null)
        {
            return null;
        }

        using var packed = new MemoryStream();
        using (var brotli = new BrotliStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(brotli, rendered);
        }

        return packed.ToArray();
    }

    public static RenderedEmail? Decode(byte[]? stored)
    {
        if (stored is null)
        {
            return null;
        }

        using var brotli = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<RenderedEmail>(brotli);
    }
}

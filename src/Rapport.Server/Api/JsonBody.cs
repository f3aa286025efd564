using System.Text.Json;

namespace Rapport.Server.Api;

/// <summary>Reads a JSON request body up to a size limit; bad or oversized bodies become problem answers.</summary>
public static class JsonBody
{
    public const int DefaultLimit = 1024 * 1024;

    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, TooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Problems.Invalid("body", "the request body is empty: send a JSON object"));
        }

        try
        {
            return (JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), null);
        }
        catch (JsonException e)
        {
            var why = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
            return (null, Problems.Invalid("body", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {why}"));
        }
    }

    private static IResult TooLarge(int limit) =>
        Problems.TooLarge($"The body is larger than {limit / 1024} KB.");
}

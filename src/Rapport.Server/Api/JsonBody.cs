using System.Runtime.InteropServices;
using System.Text.Json;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>
/// Reads a JSON request body up to a size limit. An admin body must come as Content-Type:
/// application/json (else 415) and all its text must be what <see cref="JsonText"/> accepts (else 400
/// naming the field); a tracking body is read whatever its type, as Segment does, and its messages are
/// checked one by one. A body that is too large, too slow, not JSON, or not what its Content-Encoding
/// says is the problem answer.
/// </summary>
public static class JsonBody
{
    public const int DefaultLimit = 1024 * 1024;

    /// <summary>An admin body: application/json, every string and number accepted, every name once per object.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType("Send the body with Content-Type: application/json."));
        }

        var (document, problem) = await ReadAnyTypeAsync(request, limit, ct);
        if (document is not null && JsonText.Check(JsonMarshal.GetRawUtf8Value(document.RootElement)) is { } text)
        {
            document.Dispose();
            return (null, Problems.Invalid(text.Path, text.Reason));
        }

        return (document, problem);
    }

    /// <summary>A body of any content type, whose text is left to the caller to check (a tracking batch, message by message).</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAnyTypeAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) // the server's own refusal as it reads: too slow (408), ended early, too large
        {
            return (null, Problems.Unreadable(e.StatusCode, e.Message));
        }
        catch (Exception e) when (ContentEncoding.Failed(e, request))
        {
            return (null, Problems.Invalid("body", ContentEncoding.Problem(request)));
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

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Rapport.Testing;

/// <summary>Reads a .eml with an independent MIME parser: Python's email package.</summary>
public static class MimeFile
{
    private const string Script = """
        import email, email.policy, json, sys
        def read(path):
            msg = email.message_from_bytes(open(path, 'rb').read(), policy=email.policy.default)
            parts = [p for p in msg.walk() if not p.is_multipart()]
            return {
            "subject": str(msg["subject"]), "to": str(msg["to"]), "from": str(msg["from"]),
            "fromName": msg["from"].addresses[0].display_name if msg["from"] else None,
            "messageId": str(msg["message-id"]), "contentType": msg.get_content_type(),
            "headers": {k: str(v) for k, v in msg.items()},
            "parts": [{"type": p.get_content_type(), "content": p.get_content()} for p in parts],
            "defects": [str(d) for p in msg.walk() for d in p.defects]}
        print(json.dumps([read(path) for path in sys.argv[1:]]))
        """;

    public static async Task<JsonNode> ParseAsync(string path) => (await ParseAllAsync([path]))[0];

    /// <summary>Several files in one run of the parser, in order.</summary>
    public static async Task<IReadOnlyList<JsonNode>> ParseAllAsync(IReadOnlyList<string> paths)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var path in paths)
        {
            start.ArgumentList.Add(path);
        }

        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        return python.ExitCode == 0 ? JsonNode.Parse(output)!.AsArray().Select(n => n!).ToList() : throw new InvalidOperationException("python3 could not parse the message: " + error);
    }

    /// <summary>Waits until the dispatcher has written the message file (it is renamed into place whole).</summary>
    public static async Task<string> WaitForAsync(string folder, long messageId)
    {
        var path = Path.Combine(folder, $"m{messageId}.eml");
        for (var attempt = 0; attempt < 200 && !File.Exists(path); attempt++)
        {
            await Task.Delay(50);
        }

        return File.Exists(path) ? path : throw new FileNotFoundException("The dispatcher did not write the message in 10 s.", path);
    }
}

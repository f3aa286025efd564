using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Rapport.Testing;

/// <summary>
/// Reads .eml files with an independent MIME parser: Debian's /usr/bin/python3 and its standard email package.
/// Several files go through one python run, so a test pays for one process start.
/// </summary>
public static class PythonMime
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import email, email.policy, json, sys
        wanted = [h for h in sys.argv[1].split(',') if h]
        result = []
        for path in sys.argv[2:]:
            with open(path, 'rb') as f:
                msg = email.message_from_bytes(f.read(), policy=email.policy.default)
            sender = msg['from'].addresses[0]
            defects = []
            for part in msg.walk():
                defects += [type(d).__name__ + ': ' + str(d) for d in part.defects]
                for name, value in part.items():
                    defects += [name + ': ' + type(d).__name__ + ': ' + str(d) for d in value.defects]
            result.append({
                'subject': str(msg['subject']),
                'fromName': sender.display_name,
                'fromAddress': sender.addr_spec,
                'to': str(msg['to']),
                'messageId': str(msg['message-id']),
                'contentType': msg.get_content_type(),
                'parts': [{'contentType': p.get_content_type(), 'charset': p.get_content_charset(), 'content': p.get_content()}
                          for p in msg.walk() if not p.is_multipart()],
                'headers': {h: None if msg[h] is None else str(msg[h]) for h in wanted},
                'defects': defects,
            })
        json.dump(result, sys.stdout)
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Parses one file; <paramref name="headers"/> are extra headers to report.</summary>
    public static async Task<ParsedMail> ParseAsync(string path, params string[] headers) =>
        (await ParseAllAsync([path], headers)).Single();

    /// <summary>Parses the files in one python run, in order.</summary>
    public static async Task<IReadOnlyList<ParsedMail>> ParseAllAsync(IReadOnlyList<string> paths, params string[] headers)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "-I", "-c", Script, string.Join(',', headers) }.Concat(paths))
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var kill = timeout.Token.Register(() => python.Kill(entireProcessTree: true));
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (python.ExitCode != 0)
        {
            throw new InvalidOperationException($"python's email package could not read the messages (exit {python.ExitCode}): {await error}");
        }

        var parsed = JsonSerializer.Deserialize<List<ParsedMail>>(await output, Json)!;
        return parsed.Count == paths.Count ? parsed : throw new InvalidOperationException($"python read {parsed.Count} of {paths.Count} messages.");
    }
}

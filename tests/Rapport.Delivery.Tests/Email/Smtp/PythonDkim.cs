using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Rapport.Delivery.Tests.Email.Smtp;

/// <summary>
/// Checks DKIM signatures with an independent verifier: python3-dkim under Debian's /usr/bin/python3, handed the public
/// key's TXT record directly instead of asking DNS.
/// </summary>
public static class PythonDkim
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import dkim, json, sys
        record = sys.argv[1].encode()
        result = []
        for path in sys.argv[2:]:
            with open(path, 'rb') as f:
                data = f.read()
            verifier = dkim.DKIM(data)
            ok = verifier.verify(dnsfunc=lambda name, timeout=5: record)
            signature = {k.decode(): v.decode() for k, v in verifier.signature_fields.items()} if verifier.signature_fields else {}
            result.append({'verified': bool(ok), 'tags': signature})
        json.dump(result, sys.stdout)
        """;

    /// <summary>Whether each file's DKIM-Signature verifies against <paramref name="publicKeyRecord"/>, with its tags (h=, c=, a=, d=, s=…).</summary>
    public static async Task<IReadOnlyList<DkimCheck>> VerifyAsync(string publicKeyRecord, IReadOnlyList<string> paths)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var argument in new[] { "-I", "-c", Script, publicKeyRecord }.Concat(paths))
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        return python.ExitCode == 0
            ? JsonSerializer.Deserialize<List<DkimCheck>>(await output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!
            : throw new InvalidOperationException($"python3-dkim could not check the messages (exit {python.ExitCode}): {await error}");
    }
}

/// <summary>One message's DKIM check: whether it verified, and the signature's tags.</summary>
public sealed record DkimCheck(bool Verified, IReadOnlyDictionary<string, string> Tags);

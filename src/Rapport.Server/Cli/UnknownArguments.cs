using System.CommandLine;

namespace Rapport.Server.Cli;

/// <summary>
/// What a verb does not know is configuration only when it looks like configuration: a key with ':'
/// (--Rapport:Database:Provider=postgres, --Logging:LogLevel:Default=Warning) or one of the host's own settings
/// (--urls, --environment, --contentRoot, …), as --key=value or --key value. Anything else is a mistake, named
/// with the nearest known name, so that a misspelled option never passes silently as a setting.
/// </summary>
public static class UnknownArguments
{
    public static readonly IReadOnlyList<string> HostSettings =
        ["urls", "environment", "contentRoot", "applicationName", "http_ports", "https_ports", "AllowedHosts"];

    /// <summary>Why the command line cannot be run (two lines: what is wrong, what is allowed), or null.</summary>
    public static string? Problem(ParseResult parse)
    {
        var tokens = parse.UnmatchedTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (key, hasValue) = SettingOf(tokens[i]);
            if (key is null || !IsSetting(key))
            {
                return Describe(parse.CommandResult.Command, parse, tokens[i]);
            }

            if (!hasValue && ++i == tokens.Count)
            {
                return $"The setting '{tokens[i - 1]}' needs a value: {tokens[i - 1]}=VALUE.";
            }
        }

        return null;
    }

    /// <summary>The key of a token the .NET command-line configuration would read, as it reads it (--key, /key, key=value).</summary>
    private static (string? Key, bool HasValue) SettingOf(string token)
    {
        var rest = token.StartsWith("--", StringComparison.Ordinal) ? token[2..]
            : token.StartsWith('/') ? token[1..]
            : token.StartsWith('-') ? null // a single dash is a short switch, which the configuration does not read
            : token.Contains('=', StringComparison.Ordinal) ? token
            : null;
        if (rest is null)
        {
            return (null, false);
        }

        var equals = rest.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (rest, false) : (rest[..equals], true);
    }

    private static bool IsSetting(string key) =>
        (key.Contains(':', StringComparison.Ordinal) && !key.StartsWith(':') && !key.EndsWith(':'))
        || HostSettings.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static string Describe(Command command, ParseResult parse, string token)
    {
        var path = string.Join(' ', Path(parse));
        var verb = path.Length > 0 ? $"rapport {path}" : "rapport";
        string first;
        if (token.StartsWith('-'))
        {
            var names = command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
                .SelectMany(o => o.Aliases.Prepend(o.Name)).Concat(HostSettings.Select(s => "--" + s));
            first = $"Unknown option '{token}' for '{verb}'{Suggest(token, names)}";
        }
        else if (command.Subcommands.Count > 0)
        {
            first = $"Unknown verb '{token}' for '{verb}'{Suggest(token, command.Subcommands.Select(c => c.Name))}";
        }
        else
        {
            first = $"Unexpected argument '{token}' for '{verb}'.";
        }

        return first + Environment.NewLine + "Settings go as --Section:Key=value (like --Rapport:Database:Provider=postgres) or --urls, --environment, "
               + $"--contentRoot; see 'rapport help{(path.Length > 0 ? " " + path : "")}'.";
    }

    private static IEnumerable<string> Path(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }

    private static string Suggest(string token, IEnumerable<string> names)
    {
        var typed = token.TrimStart('-').Split('=')[0];
        var best = names.Distinct().Select(n => (Name: n, Distance: Distance(typed, n.TrimStart('-'))))
            .Where(c => c.Distance <= Math.Max(1, typed.Length / 3)).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Name is null ? "." : $": did you mean '{best.Name}'?";
    }

    /// <summary>Edits (insert, delete, change one letter) from one name to the other, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

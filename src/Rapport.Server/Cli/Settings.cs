using System.CommandLine;
using System.Runtime.CompilerServices;

namespace Rapport.Server.Cli;

/// <summary>The configuration each verb reads, named at the end of its help (<see cref="HelpWithSettings"/>).</summary>
public static class Settings
{
    public const string Database = "Rapport:Database:Provider, Rapport:Database:ConnectionString, Logging:*";

    public const string Import = Database + ", Rapport:Phone:DefaultCountry";

    public const string Serve = "urls, " + Database + ", Rapport:PublicUrl, Rapport:Links:*, Rapport:Webhooks:Key, Rapport:Outbox:*, Rapport:Smtp:*, Rapport:Dkim:*, Rapport:Forms:*, "
                                + "Rapport:Segments:RefreshSeconds, Rapport:Phone:DefaultCountry, Rapport:Metrics:*";

    private static readonly ConditionalWeakTable<Command, string> Read = [];

    /// <summary>Notes the configuration keys <paramref name="command"/> reads.</summary>
    public static Command Reads(this Command command, string keys)
    {
        Read.AddOrUpdate(command, keys);
        return command;
    }

    public static string? Of(Command command) => Read.TryGetValue(command, out var keys) ? keys : null;
}

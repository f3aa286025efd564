using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Rapport.Server.Hosting;

/// <summary>
/// The settings files of every verb: the appsettings.json shipped beside the executable (log levels), then the
/// appsettings.json of the working folder, whose settings win; environment variables and arguments come after both.
/// </summary>
public static class SettingsFiles
{
    private const string Name = "appsettings.json";

    /// <summary>For a verb other than serve: both files, in order.</summary>
    public static IConfigurationBuilder AddSettingsFiles(this IConfigurationBuilder builder) =>
        builder.Add(Shipped()).AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), Name), optional: true, reloadOnChange: false);

    /// <summary>For serve, whose web host reads the working folder's file itself: the shipped file before it.</summary>
    public static void AddShippedSettings(ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        var first = sources.OfType<JsonConfigurationSource>().FirstOrDefault();
        sources.Insert(first is null ? sources.Count : sources.IndexOf(first), Shipped());
    }

    private static JsonConfigurationSource Shipped() =>
        new() { Path = Name, Optional = true, ReloadOnChange = false, FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory) };
}

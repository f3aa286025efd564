using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Delivery.Email;
using Rapport.Delivery.Email.Smtp;
using Rapport.Engine;
using Rapport.Storage;

namespace Rapport.Server.Hosting;

/// <summary>
/// The e-mail channel: the SMTP relay of Rapport:Smtp when its Host is set, else the file outbox. Both write each message
/// with the same <see cref="MailComposer"/>, signed with the DKIM key of Rapport:Dkim when one is configured.
/// </summary>
public static class EmailServices
{
    /// <summary>The install secret that signs return paths (VERP), made at first use and kept in the database.</summary>
    public const string ReturnPathKey = "return-path.key";

    /// <exception cref="ConfigurationError">A setting is out of range (the limits per domain and the warm-up too), or the DKIM key cannot be read.</exception>
    public static IServiceCollection AddEmailChannel(this IServiceCollection services, RapportOptions options)
    {
        var composer = new MailComposer(options.Outbox.MessageIdDomain, Dkim(options.Dkim));
        if (options.Smtp.Host is not { Length: > 0 } host)
        {
            return services.AddSingleton<IEmailChannel>(new FileOutbox(options.Outbox.Folder, composer));
        }

        var smtp = options.Smtp;
        var settings = new SmtpSettings(host, smtp.Port, smtp.Username, smtp.Password, Security(smtp.StartTls), smtp.Connections, smtp.RatePerSecond,
            options.Outbox.MessageIdDomain, SmtpLimitSettings.Domains(smtp), SmtpLimitSettings.WarmUp(smtp));
        if (smtp.Port is < 1 or > 65535 || smtp.Connections is < 1 or > 100 || smtp.RatePerSecond < 0)
        {
            throw new ConfigurationError(
                $"Rapport:Smtp: Port {smtp.Port} (1-65535), Connections {smtp.Connections} (1-100) and RatePerSecond {smtp.RatePerSecond} (0 for no limit) must be in range.");
        }

        return services.AddSingleton<IEmailChannel>(sp => new SmtpChannel(settings, composer,
            ct => ReturnPathsAsync(sp.GetRequiredService<ISettingStore>(), smtp.BounceDomain, ct), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ISentMail>().EmailsSentSinceAsync, sp.GetRequiredService<ILogger<SmtpChannel>>()));
    }

    /// <summary>The return paths, signed with the install's <see cref="ReturnPathKey"/> (made at first use).</summary>
    public static async Task<ReturnPaths> ReturnPathsAsync(ISettingStore settings, string? bounceDomain, CancellationToken ct)
    {
        var key = await InstallSecrets.GetOrMakeAsync(settings, ReturnPathKey, ct);
        return new ReturnPaths(InstallSecrets.Bytes(key) ?? throw new InvalidOperationException($"The stored {ReturnPathKey} is not base64 of 32 bytes."),
            bounceDomain);
    }

    private static SmtpSecurity Security(string startTls) => startTls.ToLowerInvariant() switch
    {
        "none" => SmtpSecurity.None,
        "auto" => SmtpSecurity.Auto,
        "required" => SmtpSecurity.Required,
        "tls" => SmtpSecurity.Tls,
        _ => throw new ConfigurationError($"Rapport:Smtp:StartTls is '{startTls}': use none, auto, required or tls."),
    };

    private static DkimSigning? Dkim(RapportOptions.DkimOptions dkim)
    {
        string?[] given = [dkim.Domain, dkim.Selector, dkim.PrivateKeyPath];
        if (given.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        if (given.Any(string.IsNullOrWhiteSpace))
        {
            throw new ConfigurationError("Rapport:Dkim needs Domain, Selector and PrivateKeyPath together.");
        }

        try
        {
            return DkimSigning.Load(dkim.Domain!, dkim.Selector!, dkim.PrivateKeyPath!);
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationError($"Rapport:Dkim:PrivateKeyPath: {e.Message}");
        }
    }
}

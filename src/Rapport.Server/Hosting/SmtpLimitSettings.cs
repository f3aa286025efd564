using System.Globalization;
using Rapport.Delivery.Email.Smtp;
using Rapport.Storage;

namespace Rapport.Server.Hosting;

/// <summary>Reads the limits per recipient domain and the warm-up of Rapport:Smtp, and says which key is wrong.</summary>
public static class SmtpLimitSettings
{
    /// <exception cref="ConfigurationError">An entry is not a domain, has neither limit, or a limit below 1.</exception>
    public static IReadOnlyDictionary<string, DomainLimit> Domains(RapportOptions.SmtpOptions smtp)
    {
        var limits = new Dictionary<string, DomainLimit>(StringComparer.OrdinalIgnoreCase);
        foreach (var (domain, entry) in smtp.Domains)
        {
            var key = $"Rapport:Smtp:Domains:{domain}";
            if (domain != DomainLimit.EveryOtherDomain && (!domain.Contains('.', StringComparison.Ordinal) || domain.Any(c => c == '@' || char.IsWhiteSpace(c))))
            {
                throw new ConfigurationError($"{key}: '{domain}' is not a domain; use the part of the address after the @ (gmail.com), or * for each other domain.");
            }

            if (entry.Connections is null && entry.PerMinute is null)
            {
                throw new ConfigurationError($"{key} has neither Connections nor PerMinute: give one or both.");
            }

            AtLeastOne($"{key}:Connections", entry.Connections);
            AtLeastOne($"{key}:PerMinute", entry.PerMinute);
            limits[domain.ToLowerInvariant()] = new DomainLimit(entry.Connections, entry.PerMinute);
        }

        return limits;
    }

    /// <returns>The schedule; null when none is configured.</returns>
    /// <exception cref="ConfigurationError">Start is not a date, a daily cap is below 1, or one of Start and Daily is missing.</exception>
    public static WarmUpSchedule? WarmUp(RapportOptions.SmtpOptions smtp)
    {
        var warmUp = smtp.WarmUp;
        if (string.IsNullOrWhiteSpace(warmUp.Start) && warmUp.Daily.Count == 0)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(warmUp.Start) || warmUp.Daily.Count == 0)
        {
            throw new ConfigurationError("Rapport:Smtp:WarmUp needs Start (the first day, a UTC date) and Daily (the cap of each day) together.");
        }

        if (!DateOnly.TryParseExact(warmUp.Start.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new ConfigurationError($"Rapport:Smtp:WarmUp:Start is '{warmUp.Start}': use a date like 2026-03-02 (the first day, UTC).");
        }

        for (var day = 0; day < warmUp.Daily.Count; day++)
        {
            AtLeastOne($"Rapport:Smtp:WarmUp:Daily:{day}", warmUp.Daily[day]);
        }

        return new WarmUpSchedule(start, [.. warmUp.Daily]);
    }

    private static void AtLeastOne(string key, int? value)
    {
        if (value < 1)
        {
            throw new ConfigurationError($"{key} is {value}: use a whole number of 1 or more.");
        }
    }
}

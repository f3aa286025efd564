namespace Rapport.Server.Hosting;

/// <summary>Configuration section Rapport (besides Rapport:Database).</summary>
public sealed class RapportOptions
{
    /// <summary>Rapport:Phone:DefaultCountry: the ISO country of phone numbers written without "+".</summary>
    public PhoneOptions Phone { get; set; } = new();

    public sealed class PhoneOptions
    {
        public string? DefaultCountry { get; set; }
    }
}

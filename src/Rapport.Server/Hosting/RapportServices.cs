using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Engine.Import;
using Rapport.Engine.Ingest;
using Rapport.Storage;
using Rapport.Storage.Stores;

namespace Rapport.Server.Hosting;

/// <summary>The parts every verb needs: the database, the stores, the domain rules, the clock.</summary>
public static class RapportServices
{
    public static IServiceCollection AddRapportCore(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection("Rapport:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var options = configuration.GetSection("Rapport").Get<RapportOptions>() ?? new RapportOptions();
        var country = options.Phone.DefaultCountry;
        if (country is not null && !PhoneNumber.IsKnownCountry(country))
        {
            throw new ConfigurationError($"Rapport:Phone:DefaultCountry '{country}' is not an ISO 3166 country code.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ContactRules(country));
        services.AddSingleton(_ => new Database(database));
        services.AddSingleton<IWorkspaceStore, WorkspaceStore>();
        services.AddSingleton<IContactStore, ContactStore>();
        services.AddSingleton<IEventStore, EventStore>();
        services.AddSingleton<IDeadLetterStore, DeadLetterStore>();
        services.AddSingleton<IContactImportStore, ContactImportStore>();
        services.AddSingleton<TrackingIngest>();
        services.AddSingleton<ContactImport>();
        return services;
    }
}

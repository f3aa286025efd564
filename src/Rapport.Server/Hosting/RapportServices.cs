using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Core;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Core.Messages;
using Rapport.Engine;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Import;
using Rapport.Engine.Journeys;
using Rapport.Engine.Segments;
using Rapport.Engine.Policy;
using Rapport.Engine.Templates;
using Rapport.Engine.Value;
using Rapport.Engine.Work;
using Rapport.Server.Api;
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

        if (options.Outbox.LeaseSeconds < 1)
        {
            throw new ConfigurationError("Rapport:Outbox:LeaseSeconds must be at least 1.");
        }

        if (!WireName.TryParse<ResendAfterCrash>(options.Outbox.ResendAfterCrash, out var resend))
        {
            throw new ConfigurationError($"Rapport:Outbox:ResendAfterCrash '{options.Outbox.ResendAfterCrash}' is not one of: {WireName.List<ResendAfterCrash>()}.");
        }

        if (options.Work.LeaseSeconds < 1 || options.Segments.RefreshSeconds < 1)
        {
            throw new ConfigurationError("Rapport:Work:LeaseSeconds and Rapport:Segments:RefreshSeconds must be at least 1.");
        }

        if (options.Webhooks.Key is { } webhookKey && InstallSecrets.Bytes(webhookKey) is null)
        {
            throw new ConfigurationError("Rapport:Webhooks:Key must be base64 of at least 32 random bytes.");
        }

        if (options.Webhooks.TimeoutSeconds is < 1 or > 300)
        {
            throw new ConfigurationError($"Rapport:Webhooks:TimeoutSeconds is {options.Webhooks.TimeoutSeconds}: give 1 to 300.");
        }

        if (options.Inbound.Port is { } inboundPort && (inboundPort is < 1 or > 65535 || !System.Net.IPAddress.TryParse(options.Inbound.Host, out _)))
        {
            throw new ConfigurationError($"Rapport:Inbound: Port {inboundPort} must be 1-65535 and Host '{options.Inbound.Host}' an IP address to listen on.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton(sp => new RapportMetrics(sp.GetRequiredService<IMeterFactory>().Create(RapportMetrics.MeterName)));
        services.Configure<RapportOptions>(configuration.GetSection("Rapport"));
        services.AddSingleton<PublicLinks>();
        services.AddSingleton(new ContactRules(country));
        services.AddSingleton(_ => new Database(database));
        services.AddSingleton<IWorkspaceStore, WorkspaceStore>();
        services.AddSingleton<IContactStore, ContactStore>();
        services.AddSingleton<IEventStore, EventStore>();
        services.AddSingleton<IDeadLetterStore, DeadLetterStore>();
        services.AddSingleton<IContactImportStore, ContactImportStore>();
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<IConsentStore>(sp => sp.GetRequiredService<ConsentStore>());
        services.AddSingleton<ISuppressionStore, SuppressionStore>();
        services.AddSingleton<ISettingStore, SettingStore>();
        services.AddSingleton<ISignupStore, SignupStore>();
        services.AddSingleton<IOutbox, OutboxStore>();
        services.AddSingleton<ISentMail, SentMail>();
        services.AddSingleton<IPrivacyStore, PrivacyStore>();
        services.AddSingleton<IFormStore, FormStore>();
        services.AddSingleton<ITemplateStore, TemplateStore>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<IPolicyStore, PolicyStore>();
        services.AddSingleton<ContactPolicies>();
        services.AddSingleton<DispatchGate>();
        services.AddSingleton<ISegmentStore, SegmentStore>();
        services.AddSingleton<SegmentCatalog>();
        services.AddSingleton<IMembershipStore, MembershipStore>();
        services.AddSingleton<IValueStore, ValueStore>();
        services.AddSingleton<ILadderStore, LadderStore>();
        services.AddSingleton<CustomerValues>();
        services.AddSingleton<SegmentFailures>();
        services.AddSingleton<IWorkStore, WorkStore>();
        services.AddSingleton<WorkAnswers>();
        services.AddSingleton<WorkerLoop>();
        services.AddSingleton<Revaluation>();
        services.AddSingleton(WorkTimes.Default with
        {
            Lease = TimeSpan.FromSeconds(options.Work.LeaseSeconds), FullRefresh = TimeSpan.FromSeconds(options.Segments.RefreshSeconds),
        });
        services.AddSingleton<IWorker, SegmentWorker>();
        services.AddSingleton<IWorker, ValueWorker>();
        services.AddSingleton<IWorker, LadderWorker>();
        services.AddSingleton<IJourneyStore, JourneyStore>();
        services.AddSingleton<JourneyCatalog>();
        services.AddSingleton(new JourneySender(options.Outbox.From, options.Outbox.FromName));
        services.AddSingleton<JourneyRunner>();
        services.AddSingleton<JourneySchedules>();
        services.AddSingleton<SimulatedContacts>();
        services.AddSingleton<IWorker, JourneyWorker>();
        services.AddSingleton<IWorker, JourneyTimers>();
        services.AddSingleton(sp => new WebhookKey(options.Webhooks.Key, sp.GetRequiredService<ISettingStore>()));
        services.AddSingleton(new WebhookTargets(options.Webhooks.AllowPrivateTargets, TimeSpan.FromSeconds(options.Webhooks.TimeoutSeconds)));
        services.AddSingleton<IWorker, WebhookWorker>();
        services.AddSingleton<IWorker>(sp => sp.GetRequiredService<Dispatcher>());
        services.AddSingleton<IWorker, BacklogWatch>();
        services.AddEmailChannel(options);
        services.AddSingleton<IContactLinks>(sp => sp.GetRequiredService<PublicLinks>());
        services.AddSingleton<MessageComposer>();
        services.AddSingleton(sp => new Dispatcher(sp.GetRequiredService<IOutbox>(), sp.GetRequiredService<DispatchGate>(), sp.GetRequiredService<MessageComposer>(),
            sp.GetRequiredService<IEmailChannel>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RapportMetrics>(),
            sp.GetRequiredService<ILogger<Dispatcher>>()) { Lease = TimeSpan.FromSeconds(options.Outbox.LeaseSeconds), ResendAfterCrash = resend });
        services.AddSingleton<TrackingIngest>();
        services.AddSingleton<ContactImport>();
        return services;
    }
}

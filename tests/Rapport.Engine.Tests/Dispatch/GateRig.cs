using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Policy;
using Rapport.Engine.Templates;
using Rapport.Storage;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Dispatch;

/// <summary>
/// Dispatchers on a fixture's stores and fake clock, wired as the server wires them, with a channel that records what it
/// was handed: messages are queued as rows (as journeys, broadcasts and the transactional API leave them) and the
/// dispatchers run until nothing is due. A second node runs on a database of its own (PostgreSQL: its own pool).
/// </summary>
public sealed class GateRig
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly ConcurrentDictionary<long, bool> _queued = new();

    public GateRig(StoreFixture store)
    {
        Store = store;
        Policies = new ContactPolicies(store.Policies, store.Clock);
        Dispatcher = DispatcherOn(store.Db);
    }

    public StoreFixture Store { get; }

    public ContactPolicies Policies { get; }

    public RecordingChannel Channel { get; } = new();

    public Dispatcher Dispatcher { get; }

    public DateTimeOffset Now => Store.Clock.GetUtcNow();

    /// <summary>The messages queued through this rig that the channel was handed, in order (other tests' messages on the same stores left out).</summary>
    public IReadOnlyList<long> Sent => [.. Channel.Ids.Where(_queued.ContainsKey)];

    /// <summary>A dispatcher on <paramref name="db"/>, sending through <see cref="Channel"/>, with the crash rule <paramref name="resend"/>.</summary>
    public Dispatcher DispatcherOn(Database db, ResendAfterCrash resend = ResendAfterCrash.Transactional)
    {
        var outbox = new OutboxStore(db);
        var composer = new MessageComposer(new ContactStore(db), new TemplateCatalog(new TemplateStore(db), Store.Clock), new PlainLinks());
        return new Dispatcher(outbox, new DispatchGate(outbox, new ContactPolicies(new PolicyStore(db), Store.Clock), Store.Clock), composer, Channel, Store.Clock,
            new RapportMetrics(new Meter(RapportMetrics.MeterName)), new ListLogger<Dispatcher>()) { ResendAfterCrash = resend };
    }

    /// <summary>Saves the workspace's contact policy from its JSON document.</summary>
    public async Task<int> PolicyAsync(int ws, string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        return (await Policies.SaveAsync(ws, document.RootElement, errors, Ct))?.Stored!.Version ?? throw new ArgumentException(errors.ToString(), nameof(json));
    }

    /// <summary>A contact with an e-mail address in <paramref name="timeZone"/>, subscribed by e-mail to each of <paramref name="topics"/>.</summary>
    public async Task<(long Id, string Email)> PersonAsync(int ws, string? timeZone, params string[] topics)
    {
        var email = Some.Email();
        var contact = (await Store.Contacts.AddAsync(ws, Some.Contact(Now, Some.Id("u"), email) with { TimeZone = timeZone }, Ct))!;
        foreach (var topic in topics)
        {
            await ConsentAsync(ws, contact.Id, topic, ConsentAction.Grant);
        }

        return (contact.Id, email);
    }

    public async Task ConsentAsync(int ws, long contactId, string topic, ConsentAction action)
    {
        await Store.Consent.SaveTopicAsync(ws, new Topic(topic, topic, ""), Now, Ct);
        await Store.Consent.RecordAsync(ws, new ConsentRecord(contactId, topic, Rapport.Core.Consent.Channel.Email, action, LegalBasis.Consent, ConsentSource.Api,
            new Evidence(null, "test", null, null, null), null, false, null, null, Now), Ct);
    }

    /// <summary>An e-mail queued for a person, due now: a journey's under a topic, a broadcast's, or a transactional one.</summary>
    public async Task<long> QueueAsync(int ws, (long Id, string Email) person, string? topic, string purpose = MessagePurposes.Journey, string whenBlocked = "wait")
    {
        var id = await Store.Db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(
            """
            INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, recipient, content, due_at, created_at, when_blocked)
            VALUES (@Ws, @Contact, 'email', @Topic, @Purpose, 'queued', @Email, @Content, @Now, @Now, @WhenBlocked) RETURNING id
            """,
            new
            {
                Ws = ws, Contact = person.Id, Topic = topic, Purpose = purpose, person.Email, WhenBlocked = whenBlocked, Now = Now.ToUnixTimeMilliseconds(),
                Content = JsonSerializer.Serialize(new EmailMessage("", "shop@shop.example", null, person.Email, "News", "Hello", null, [])),
            }, tx), Ct);
        _queued[id] = true;
        return id;
    }

    /// <summary>Where a message stands: its status, reason and due time.</summary>
    public Task<(string Status, string? Reason, long DueAt)> StateAsync(long id) =>
        Store.Db.ReadAsync(c => c.QuerySingleAsync<(string, string?, long)>("SELECT status, reason, due_at FROM message WHERE id = @Id", new { Id = id }), Ct);

    public Task<IReadOnlyList<MessageDecision>> DecisionsAsync(int ws, long id) => Store.Outbox.DecisionsAsync(ws, id, Ct);

    /// <summary>Every due message handled, by the first node.</summary>
    public Task<int> DispatchAsync() => Dispatcher.DispatchDueAsync(Ct);

    /// <summary>Records every e-mail it is handed (from several dispatchers at once), with the moment; <see cref="OnSend"/> runs first.</summary>
    public sealed class RecordingChannel : IEmailChannel
    {
        public ConcurrentQueue<(string MessageId, string To, DateTimeOffset At)> Sent { get; } = new();

        public Func<EmailMessage, Task>? OnSend { get; set; }

        /// <summary>What the channel answers (by default: sent); an answer other than sent records nothing as sent.</summary>
        public Func<EmailMessage, DeliveryResult>? Answer { get; set; }

        public int Connections { get; set; } = 1;

        public async Task<DeliveryResult> SendAsync(EmailMessage message, DateTimeOffset now, CancellationToken ct)
        {
            if (OnSend is { } before)
            {
                await before(message);
            }

            if (Answer?.Invoke(message) is { } answer and not DeliveryResult.Sent)
            {
                return answer;
            }

            Sent.Enqueue((message.MessageId, message.To, now));
            return new DeliveryResult.Sent("recorded");
        }

        public IReadOnlyList<long> Ids => [.. Sent.Select(s => long.Parse(s.MessageId[1..], System.Globalization.CultureInfo.InvariantCulture))];
    }
}

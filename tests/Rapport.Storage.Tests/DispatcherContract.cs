using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Rapport.Core.Consent;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Engine;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Policy;
using Rapport.Engine.Templates;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>The dispatcher on each store, with a channel that throws on one recipient (a class of its own: it sends everything due).</summary>
public abstract class DispatcherContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Sends every message but throws on those to a "throws" address, as a channel with a bug would.</summary>
    private sealed class FlakyChannel : IEmailChannel
    {
        public List<string> Sent { get; } = [];

        public Task<DeliveryResult> SendAsync(EmailMessage message, DateTimeOffset now, CancellationToken ct)
        {
            if (message.To.StartsWith("throws", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the relay client lost its connection state");
            }

            Sent.Add(message.To);
            return Task.FromResult<DeliveryResult>(new DeliveryResult.Sent("relay"));
        }
    }

    private async Task<(int Workspace, long Contact, long Message)> SignUpAsync(string email)
    {
        var ws = await store.NewWorkspaceAsync();
        var result = await store.Signups.SignUpAsync(ws.Id, new SignupRequest(email, "en", ["news"], ConsentSource.Api, Evidence.None),
            store.Clock.GetUtcNow(), TimeSpan.FromHours(1), _ => new EmailMessage("", "from@shop.example", null, email, "Confirm", "Body", null, []), Ct);
        return (ws.Id, result.ContactId, result.MessageId!.Value);
    }

    [Fact]
    public async Task A_channel_that_throws_fails_that_message_with_the_reason_and_the_others_are_sent()
    {
        var before = await SignUpAsync(Some.Email());
        var throwing = await SignUpAsync("throws-" + Some.Email());
        var after = await SignUpAsync(Some.Email());
        var channel = new FlakyChannel();
        var log = new ListLogger<Dispatcher>();

        var handled = await new Dispatcher(store.Outbox, new DispatchGate(store.Outbox, new ContactPolicies(store.Policies, store.Clock), store.Clock),
            new MessageComposer(store.Contacts, new TemplateCatalog(store.Templates, store.Clock), new PlainLinks()), channel, store.Clock,
            new RapportMetrics(new Meter(RapportMetrics.MeterName)), log).DispatchDueAsync(Ct);

        Assert.Equal(3, handled);
        Assert.Equal(2, channel.Sent.Count);
        async Task<OutboxMessage> MessageAsync((int Workspace, long Contact, long Message) m) =>
            Assert.Single(await store.Outbox.ForContactAsync(m.Workspace, m.Contact, Ct));
        Assert.Equal((MessageStatus.Sent, MessageStatus.Sent), ((await MessageAsync(before)).Status, (await MessageAsync(after)).Status));
        var failed = await MessageAsync(throwing);
        Assert.Equal(MessageStatus.Failed, failed.Status);
        Assert.Contains("the relay client lost its connection state", failed.Reason, StringComparison.Ordinal);
        var (level, line) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains($"Message {throwing.Message} ", line, StringComparison.Ordinal);
        Assert.Contains("the relay client lost its connection state", line, StringComparison.Ordinal);
        Assert.DoesNotContain("@", line, StringComparison.Ordinal); // the id, never the address or the content
    }
}

public sealed class DispatcherOnSqlite(SqliteStores store) : DispatcherContract(store), IClassFixture<SqliteStores>;

public sealed class DispatcherOnPostgres(PostgresStores store) : DispatcherContract(store), IClassFixture<PostgresStores>;

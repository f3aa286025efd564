using Microsoft.Extensions.Options;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Engine.Dispatch;
using Rapport.Server.Hosting;
using Rapport.Server.Pages;

namespace Rapport.Server.Api;

/// <summary>
/// Double opt-in signups: POST /api/v1/signups (a backend on the person's behalf). The contact is found
/// or created, a pending grant is recorded per topic, and a confirmation mail with a /confirm/ link is queued.
/// </summary>
public static class SignupsApi
{
    public static IEndpointRouteBuilder MapSignupsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/signups", SignUpAsync).WithTags("Permission").RequireApiKey(ApiKeyRole.Admin)
            .WithSummary("Sign a person up for topics by e-mail with double opt-in")
            .Accepts<SignupInput>("application/json").Produces<SignupAnswer>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> SignUpAsync(HttpContext http, SignupService signups)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 16 * 1024,
            "email", "topics", "locale", "ip", "userAgent", "consentTextKey", "consentTextVersion");
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var errors = f.Errors;
        var request = new SignupRequest(f.Text("email", 320) ?? "", f.Text("locale", 35), f.Texts("topics") ?? [], ConsentSource.Api,
            new Evidence(f.Text("ip", 64), f.Text("userAgent", 512), f.Text("consentTextKey", 64), f.Number("consentTextVersion")));
        var result = await signups.SignUpAsync(RequireApiKey.CallerOf(http).Workspace.Id, request, errors, http.RequestAborted);
        return result is null
            ? Problems.Invalid(errors)
            : TypedResults.Json(SignupAnswer.Of(result), statusCode: StatusCodes.Status202Accepted);
    }
}

public sealed record SignupInput(string Email, IReadOnlyList<string> Topics, string? Locale, string? Ip, string? UserAgent, string? ConsentTextKey, int? ConsentTextVersion);

public sealed record SignupAnswer(long ContactId, bool ContactCreated, string Status, long? MessageId)
{
    public static SignupAnswer Of(SignupResult r) => new(r.ContactId, r.ContactCreated, r.MessageId is null ? "subscribed" : "pending", r.MessageId);
}

/// <summary>Checks a signup, records it and wakes the dispatcher for its confirmation mail (API and public forms alike).</summary>
public sealed class SignupService(
    ISignupStore store, IConsentStore consent, ContactRules rules, PublicLinks links, Dispatcher dispatcher, IOptions<RapportOptions> options, TimeProvider clock)
{
    public async Task<SignupResult?> SignUpAsync(int workspaceId, SignupRequest raw, FieldErrors errors, CancellationToken ct)
    {
        var normalized = rules.Normalize(new ContactChanges { Email = Change<string?>.To(raw.Email), Locale = Change<string?>.To(raw.Locale) }, errors);
        if (normalized.Email.Or(null) is null && errors.IsEmpty)
        {
            errors.Add("email", "required");
        }

        if (raw.Topics.Count == 0)
        {
            errors.Add("topics", "name at least one topic (GET /api/v1/topics)");
        }

        var known = (await consent.TopicsAsync(workspaceId, ct)).Select(t => t.Key).ToHashSet();
        foreach (var topic in raw.Topics.Where(t => !known.Contains(t)))
        {
            errors.Add("topics", $"no topic '{topic}' in this workspace");
        }

        var probe = new ConsentRecord(0, null, Channel.Email, ConsentAction.Grant, LegalBasis.Consent, raw.Source, raw.Evidence, null, true, null, null, default);
        await ConsentJson.CheckAsync(probe, workspaceId, consent, errors, ct);
        if (!errors.IsEmpty)
        {
            return null;
        }

        var request = raw with { Email = normalized.Email.Or(null)!, Locale = normalized.Locale.Or(null), Topics = raw.Topics.Distinct().ToList() };
        await links.ReadyAsync();
        var mailEvery = TimeSpan.FromSeconds(Math.Max(0, options.Value.Forms.ConfirmationEverySeconds));
        var result = await store.SignUpAsync(workspaceId, request, clock.GetUtcNow(), mailEvery, contact => Mail(workspaceId, contact, request), ct);
        dispatcher.Wake();
        return result;
    }

    private EmailMessage Mail(int workspaceId, Contact contact, SignupRequest request)
    {
        var t = PageTexts.For(request.Locale);
        var url = links.Confirm(workspaceId, contact, Channel.Email);
        var o = options.Value.Outbox;
        return new EmailMessage("", o.From, o.FromName, request.Email, t.ConfirmMailSubject, $"{t.ConfirmMailBody}\n\n{url}\n",
            $"<!DOCTYPE html><html lang=\"{t.Language}\" dir=\"{(t.RightToLeft ? "rtl" : "ltr")}\"><body><p>{Html.Encode(t.ConfirmMailBody)}</p>" +
            $"<p><a href=\"{Html.Encode(url)}\">{Html.Encode(t.ConfirmButton)}</a></p></body></html>", []);
    }
}

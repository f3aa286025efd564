using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Rapport.Core.Consent;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Workspaces;
using Rapport.Server.Hosting;
using Rapport.Server.Pages;

namespace Rapport.Server.Api;

/// <summary>
/// Embeddable signup forms: defined with the admin API, posted to by any web page at /f/{id} (CORS
/// open). Double opt-in as for /api/v1/signups. A filled honeypot field ("website", hidden from people)
/// is thanked and ignored; each address may post a few times a minute to a form (429 beyond).
/// </summary>
public static class FormsApi
{
    public const string Honeypot = "website";
    private const string RateLimit = "forms";

    public static IServiceCollection AddFormRateLimit(this IServiceCollection services, RapportOptions options) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                $"{http.Connection.RemoteIpAddress}|{http.Request.RouteValues["id"]}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Forms.PerIpPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });

    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/forms").WithTags("Permission").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("/", CreateAsync).WithSummary("Define a signup form; people post to /f/{id}")
            .Accepts<FormInput>("application/json").Produces<SignupForm>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapGet("/", async (HttpContext http, IFormStore forms) =>
            TypedResults.Ok(await forms.ListAsync(RequireApiKey.CallerOf(http).Workspace.Id, http.RequestAborted))).WithSummary("The signup forms");
        app.MapPost("/f/{id}", PostAsync).WithTags("Public pages").ExcludeFromDescription()
            .RequireCors(TrackingApi.BrowserPolicy).RequireRateLimiting(RateLimit).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IFormStore forms, IConsentStore consent, TimeProvider clock)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 16 * 1024, "name", "topics", "consentTextKey");
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var errors = f.Errors;
        var ws = RequireApiKey.CallerOf(http).Workspace.Id;
        var form = new SignupForm("f" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ws, f.Text("name", 200) ?? "",
            f.Texts("topics") ?? [], f.Text("consentTextKey", 64));
        var known = (await consent.TopicsAsync(ws, http.RequestAborted)).Select(t => t.Key).ToHashSet();
        if (form.Name.Length == 0)
        {
            errors.Add("name", "required");
        }

        if (form.Topics.Count == 0 || form.Topics.Any(t => !known.Contains(t)))
        {
            errors.Add("topics", $"name one or more of this workspace's topics: {string.Join(", ", known.Order())}");
        }

        if (form.ConsentTextKey is { } key && (await consent.ConsentTextsAsync(ws, http.RequestAborted)).All(t => t.Key != key))
        {
            errors.Add("consentTextKey", $"no consent text '{key}' (POST /api/v1/consent-texts)");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        await forms.AddAsync(form, clock.GetUtcNow(), http.RequestAborted);
        return TypedResults.Created($"/f/{form.Id}", form);
    }

    private static async Task<IResult> PostAsync(string id, HttpContext http, IFormStore forms, IConsentStore consent, SignupService signups)
    {
        var texts = PageTexts.For(http.Request.Headers.AcceptLanguage.ToString().Split(',')[0]);
        if (await forms.GetAsync(id, http.RequestAborted) is not { } form)
        {
            return Problems.NotFound("form");
        }

        var (fields, unreadable) = await FormBody.ReadAsync(http.Request);
        if (fields is null)
        {
            return Problems.Invalid("body", unreadable!);
        }

        if (!string.IsNullOrEmpty(fields[Honeypot]))
        {
            return Thanks(texts); // a bot filled the hidden field: thank it and keep nothing
        }

        var chosen = fields["topics"].Where(t => t is not null).Select(t => t!).ToList();
        var latest = form.ConsentTextKey is { } key
            ? (await consent.ConsentTextsAsync(form.WorkspaceId, http.RequestAborted)).Where(t => t.Key == key).MaxBy(t => t.Version)
            : null;
        var request = new SignupRequest(fields["email"].ToString(), fields["locale"].FirstOrDefault() ?? texts.Language,
            chosen.Count == 0 ? form.Topics : chosen.Where(form.Topics.Contains).ToList(), ConsentSource.Form,
            new Evidence(http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 512)] : null,
                latest?.Key, latest?.Version, $"form {form.Id}"));
        var errors = new FieldErrors();
        return await signups.SignUpAsync(form.WorkspaceId, request, errors, http.RequestAborted) is null
            ? Problems.Invalid(errors)
            : Thanks(PageTexts.For(request.Locale));
    }

    private static IResult Thanks(PageTexts t) => Html.Page(t, t.ConfirmTitle, $"<p role=\"status\">{Html.Encode(t.Of("signup_thanks"))}</p>");
}

public sealed record FormInput(string Name, IReadOnlyList<string> Topics, string? ConsentTextKey);

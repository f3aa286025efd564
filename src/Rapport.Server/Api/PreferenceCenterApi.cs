using System.Text.Json;
using Rapport.Core.Consent;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Api;

/// <summary>/api/v1/preference-center: which profile fields people may edit on their own page.</summary>
public static class PreferenceCenterApi
{
    public static IEndpointRouteBuilder MapPreferenceCenterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/preference-center").WithTags("Permission").RequireApiKey(ApiKeyRole.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", async (HttpContext http, ISettingStore settings) =>
                TypedResults.Ok(new PreferenceCenterSettings(await FieldsAsync(settings, RequireApiKey.CallerOf(http).Workspace.Id, http.RequestAborted))))
            .WithSummary("The preference center's settings");
        api.MapPut("/", SaveAsync).WithSummary("Choose the profile fields people may edit (postcode, city, or any trait name)")
            .Accepts<PreferenceCenterSettings>("application/json").Produces<PreferenceCenterSettings>().ProducesValidationProblem();
        return app;
    }

    /// <summary>The workspace's editable fields, or the default ones.</summary>
    public static async Task<IReadOnlyList<string>> FieldsAsync(ISettingStore settings, int workspaceId, CancellationToken ct) =>
        await settings.GetAsync(workspaceId, EditableFields.SettingKey, ct) is { } json
            ? JsonSerializer.Deserialize<List<string>>(json) ?? []
            : EditableFields.Default;

    private static async Task<IResult> SaveAsync(HttpContext http, ISettingStore settings)
    {
        var (fields, problem) = await JsonFields.ReadAsync(http.Request, 16 * 1024, "editableFields");
        if (fields is null)
        {
            return problem!;
        }

        using var f = fields;
        var given = f.Texts("editableFields", EditableFields.Max);
        if (given is null && !f.Errors.ToDictionary().ContainsKey("editableFields"))
        {
            f.Errors.Add("editableFields", "required: the names of the fields people may edit ([] for none)");
        }

        var names = given ?? [];
        foreach (var bad in names.Where(n => !EditableFields.IsValid(n)))
        {
            f.Errors.Add("editableFields", $"'{bad}' is not a field name (a letter, then letters, digits or '_', at most 64)");
        }

        if (!f.Errors.IsEmpty)
        {
            return Problems.Invalid(f.Errors);
        }

        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        await settings.SetAsync(RequireApiKey.CallerOf(http).Workspace.Id, EditableFields.SettingKey, JsonSerializer.Serialize(distinct), http.RequestAborted);
        return TypedResults.Ok(new PreferenceCenterSettings(distinct));
    }
}

public sealed record PreferenceCenterSettings(IReadOnlyList<string> EditableFields);

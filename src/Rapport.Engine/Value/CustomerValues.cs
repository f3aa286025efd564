using System.Text.Json;
using Rapport.Core.Ports;
using Rapport.Core.Validation;
using Rapport.Core.Value;
using Rapport.Core.Work;

namespace Rapport.Engine.Value;

/// <summary>
/// Keeps each contact's value and stage current. A full refresh reads every purchase event, rates
/// every customer against all the others (a new <see cref="ValueModel"/>, stored), and writes every value;
/// after a purchase, only the buyers are re-rated, against the stored model. The ladder puts contacts on
/// their stage and records each move. Settings, model and ladder are workspace settings.
/// </summary>
public sealed class CustomerValues(IValueStore values, ILadderStore ladder, ISettingStore settings, TimeProvider clock)
{
    private const string SettingsKey = "value-settings";
    private const string ModelKey = "value-model";
    private const string LadderKey = "loyalty-ladder";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task<ValueSettings> SettingsAsync(int workspaceId, CancellationToken ct) =>
        await settings.GetAsync(workspaceId, SettingsKey, ct) is { } json ? JsonSerializer.Deserialize<ValueSettings>(json, Json)! : ValueSettings.Default;

    /// <summary>Stores new settings with, in the same transaction, the work of rating everyone under them; returns that work's id.</summary>
    public Task<long> SaveSettingsAsync(int workspaceId, ValueSettings value, CancellationToken ct) =>
        settings.SetAsync(workspaceId, SettingsKey, JsonSerializer.Serialize(value, Json), new RevalueRequested(), clock.GetUtcNow(), ct);

    /// <summary>The ladder as the workspace wrote it (the default until it writes one).</summary>
    public async Task<string> LadderDocumentAsync(int workspaceId, CancellationToken ct) =>
        await settings.GetAsync(workspaceId, LadderKey, ct) ?? LoyaltyLadder.DefaultJson;

    public async Task<LoyaltyLadder> LadderAsync(int workspaceId, CancellationToken ct) =>
        LoyaltyLadder.Read(JsonDocument.Parse(await LadderDocumentAsync(workspaceId, ct)).RootElement, new FieldErrors()) ?? LoyaltyLadder.Default;

    /// <summary>Stores a new ladder (already read without errors) with the work of putting everyone on their stage under it; returns that work's id.</summary>
    public Task<long> SaveLadderAsync(int workspaceId, JsonElement document, CancellationToken ct) =>
        settings.SetAsync(workspaceId, LadderKey, document.GetRawText(), new RevalueRequested(), clock.GetUtcNow(), ct);

    /// <summary>Rates everyone anew. Returns how many contacts have a value.</summary>
    public async Task<int> RefreshAllAsync(int workspaceId, CancellationToken ct)
    {
        var histories = await HistoriesAsync(workspaceId, null, ct);
        var valueSettings = await SettingsAsync(workspaceId, ct);
        var model = ValueModel.Of(histories, valueSettings);
        await settings.SetAsync(workspaceId, ModelKey, JsonSerializer.Serialize(model, Json), ct);
        await values.WriteAsync(workspaceId, null, histories.Select(h => model.Rate(h, valueSettings)).ToList(), clock.GetUtcNow(), ct);
        return histories.Count;
    }

    /// <summary>Re-rates <paramref name="contacts"/> (after a purchase or refund) against the stored model.</summary>
    public async Task RefreshContactsAsync(int workspaceId, IReadOnlyCollection<long> contacts, CancellationToken ct)
    {
        var histories = await HistoriesAsync(workspaceId, contacts, ct);
        var valueSettings = await SettingsAsync(workspaceId, ct);
        var model = await settings.GetAsync(workspaceId, ModelKey, ct) is { } json ? JsonSerializer.Deserialize<ValueModel>(json, Json)! : ValueModel.Empty;
        await values.WriteAsync(workspaceId, contacts, histories.Select(h => model.Rate(h, valueSettings)).ToList(), clock.GetUtcNow(), ct);
    }

    /// <summary>Puts <paramref name="contacts"/> (null: everyone) on their stage of the ladder; returns the moves.</summary>
    public async Task<IReadOnlyList<StageChange>> RefreshStagesAsync(int workspaceId, IReadOnlyCollection<long>? contacts, CancellationToken ct) =>
        await ladder.RefreshAsync(workspaceId, await LadderAsync(workspaceId, ct), clock.GetUtcNow(), contacts, ct);

    private async Task<List<PurchaseHistory>> HistoriesAsync(int workspaceId, IReadOnlyCollection<long>? contacts, CancellationToken ct)
    {
        var histories = new Dictionary<long, PurchaseHistory>();
        await foreach (var (contactId, e) in values.PurchasesAsync(workspaceId, contacts, ct))
        {
            histories[contactId] = histories.GetValueOrDefault(contactId, PurchaseHistory.None(contactId)).Add(e);
        }

        return histories.Values.OrderBy(h => h.ContactId).ToList();
    }
}

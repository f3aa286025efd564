using Rapport.Core.Contacts;

namespace Rapport.Core.Identity;

/// <summary>
/// One contact absorbing another: the survivor keeps its own fields and fills its gaps from the
/// absorbed one; traits merge key by key, the side whose traits are newer winning.
/// </summary>
public static class ContactMerge
{
    public static Contact Combine(Contact survivor, Contact absorbed, DateTimeOffset now)
    {
        var absorbedIsNewer = absorbed.TraitsAt > survivor.TraitsAt;
        return survivor with
        {
            ExternalId = survivor.ExternalId ?? absorbed.ExternalId,
            Email = absorbedIsNewer ? absorbed.Email ?? survivor.Email : survivor.Email ?? absorbed.Email,
            Phone = absorbedIsNewer ? absorbed.Phone ?? survivor.Phone : survivor.Phone ?? absorbed.Phone,
            Address = absorbedIsNewer ? absorbed.Address ?? survivor.Address : survivor.Address ?? absorbed.Address,
            Locale = survivor.Locale ?? absorbed.Locale,
            TimeZone = survivor.TimeZone ?? absorbed.TimeZone,
            Traits = absorbedIsNewer
                ? TraitMerge.Overwrite(survivor.Traits, absorbed.Traits)
                : TraitMerge.FillGaps(survivor.Traits, absorbed.Traits),
            TraitsAt = absorbedIsNewer ? absorbed.TraitsAt : survivor.TraitsAt,
            CreatedAt = survivor.CreatedAt < absorbed.CreatedAt ? survivor.CreatedAt : absorbed.CreatedAt,
            UpdatedAt = now,
        };
    }
}

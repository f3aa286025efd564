using System.Globalization;
using Rapport.Core.Validation;

namespace Rapport.Server.Api;

/// <summary>The paging query parameters shared by list endpoints: limit (1–500, default 50) and a cursor.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static int Limit(string? text, FieldErrors errors)
    {
        if (text is null)
        {
            return DefaultLimit;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
        {
            return limit;
        }

        errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}");
        return DefaultLimit;
    }

    /// <summary>An id cursor: the last id of the previous page.</summary>
    public static long After(string? text, FieldErrors errors, string field = "after")
    {
        if (text is null)
        {
            return 0;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            return after;
        }

        errors.Add(field, "must be the 'next' value of the previous page");
        return 0;
    }
}

/// <summary>A page as the API answers it.</summary>
public sealed record PageView<T>(IReadOnlyList<T> Items, string? Next);

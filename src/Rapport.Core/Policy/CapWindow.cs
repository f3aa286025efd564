namespace Rapport.Core.Policy;

/// <summary>The local calendar windows a cap counts in: a day, a week from Monday, a month.</summary>
internal enum CapWindow
{
    Day,
    Week,
    Month,
}

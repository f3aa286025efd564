using Rapport.Core.Value;

namespace Rapport.Core.Tests.Value;

/// <summary>Seeded random populations of purchase histories for the property tests of <see cref="ValueModel"/>.</summary>
internal static class RandomPopulations
{
    public const int Count = 300;

    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// <see cref="Count"/> populations of 1 to 60 contacts, about a fifth of them without orders (some with
    /// refunds only). Each population draws its numbers from a narrow range (many ties) or a wide one (few).
    /// </summary>
    public static IEnumerable<List<PurchaseHistory>> Mixed(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Count; i++)
        {
            var range = random.Next(3) switch { 0 => 3, 1 => 20, _ => 1000 };
            yield return Enumerable.Range(1, random.Next(1, 61)).Select(id => random.Next(5) == 0
                    ? PurchaseHistory.None(id) with { Refunds = random.Next(2) * random.Next(1, range + 1) }
                    : Customer(id, random.Next(1, range + 1), random.Next(range), 10 * random.Next(range + 1), random.Next(3) == 0 ? random.Next(range) : 0,
                        random.Next(2) == 0 ? random.Next(range) : 0))
                .ToList();
        }
    }

    /// <summary>
    /// <see cref="Count"/> populations of 1 to 60 customers whose last order times, order counts and net
    /// revenues are each distinct.
    /// </summary>
    public static IEnumerable<List<PurchaseHistory>> Distinct(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Count; i++)
        {
            var n = random.Next(1, 61);
            var (minutes, orders, revenues) = (Sample(random, n), Sample(random, n), Sample(random, n));
            yield return Enumerable.Range(0, n).Select(k => Customer(k + 1, orders[k], minutes[k], 10 * revenues[k], 0, 0)).ToList();
        }
    }

    public static PurchaseHistory Customer(long id, int orders, int lastOrderMinute, double revenue, double refunds, double discounts) =>
        new(id, orders, revenue, refunds, discounts, T0.AddDays(-400), T0.AddMinutes(lastOrderMinute));

    /// <summary>n distinct whole numbers from 1 to 3n, in random order.</summary>
    private static int[] Sample(Random random, int n)
    {
        var all = Enumerable.Range(1, 3 * n).ToArray();
        random.Shuffle(all);
        return all[..n];
    }
}

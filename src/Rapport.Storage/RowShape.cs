using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text.Json;

namespace Rapport.Storage;

/// <summary>
/// The properties of a row type, with compiled getters: bulk writes read every property of every row,
/// and reflection per value would cost more than the database does.
/// </summary>
internal sealed class RowShape
{
    private static readonly ConcurrentDictionary<Type, RowShape> Shapes = new();

    private RowShape(Type type)
    {
        var properties = type.GetProperties();
        Names = properties.Select(p => p.Name).ToArray();
        ColumnNames = Names.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToArray();
        Getters = properties.Select(p =>
        {
            var row = Expression.Parameter(typeof(object));
            var value = Expression.Convert(Expression.Property(Expression.Convert(row, type), p), typeof(object));
            return Expression.Lambda<Func<object, object?>>(value, row).Compile();
        }).ToArray();
    }

    /// <summary>Property names, as SQLite parameters (@Name) take them.</summary>
    public string[] Names { get; }

    /// <summary>The same in snake_case, as the columns are named.</summary>
    public string[] ColumnNames { get; }

    public Func<object, object?>[] Getters { get; }

    public static RowShape Of(Type type) => Shapes.GetOrAdd(type, t => new RowShape(t));
}

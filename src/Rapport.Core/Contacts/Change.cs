namespace Rapport.Core.Contacts;

/// <summary>One field of a partial update: either left as it is, or set to a value (null clears it).</summary>
public readonly record struct Change<T>(bool IsSet, T Value)
{
    public static Change<T> Keep => default;

    public static Change<T> To(T value) => new(true, value);

    public T Or(T current) => IsSet ? Value : current;
}

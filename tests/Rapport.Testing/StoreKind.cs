namespace Rapport.Testing;

/// <summary>The databases every store test runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

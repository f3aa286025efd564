namespace Rapport.Core.Workspaces;

/// <summary>Admin keys use the admin API; ingest (write) keys only send events.</summary>
public enum ApiKeyRole
{
    Admin,
    Ingest,
}

namespace Rapport.Core.Workspaces;

/// <summary>One company's (or brand's) separate space: its contacts, events and keys.</summary>
public sealed record Workspace(int Id, string Name)
{
    public const string DefaultName = "default";
}

namespace Rapport.Engine.Import;

/// <summary>What an import did.</summary>
public sealed class ImportSummary
{
    public long Created { get; set; }

    public long Updated { get; set; }

    public long Rejected { get; set; }

    public long Rows => Created + Updated + Rejected;
}

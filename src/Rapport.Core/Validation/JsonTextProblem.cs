namespace Rapport.Core.Validation;

/// <summary>What is wrong with the text of a JSON document, and where: "traits.note", "condition.all[1].value".</summary>
public sealed record JsonTextProblem(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}

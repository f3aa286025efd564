using System.CommandLine;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Cli;

/// <summary>Options that name something (a workspace, a key): refused when blank, too long or holding control characters.</summary>
public static class TextOptions
{
    public const int MaxWorkspaceName = 100;

    public static Option<string> Workspace(string description = "Workspace name") =>
        Named(new Option<string>("--workspace") { Description = description, DefaultValueFactory = _ => Core.Workspaces.Workspace.DefaultName }, MaxWorkspaceName);

    public static Option<string?> KeyName() =>
        Named(new Option<string?>("--name") { Description = "A label to recognise the key by" }, ApiKey.MaxNameLength);

    private static Option<T> Named<T>(Option<T> option, int maxLength)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is string text && Problem(text, maxLength) is { } problem)
            {
                result.AddError($"{option.Name} {problem}");
            }
        });
        return option;
    }

    private static string? Problem(string text, int maxLength) =>
        string.IsNullOrWhiteSpace(text) ? "must not be blank"
        : text.Length > maxLength ? $"is {text.Length} characters long: at most {maxLength}"
        : text.Trim().Length != text.Length ? "must not start or end with a space"
        : text.Any(char.IsControl) ? "must not hold control characters"
        : null;
}

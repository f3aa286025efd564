namespace Rapport.Testing;

/// <summary>The file outbox as a test sees it.</summary>
public static class OutboxFolder
{
    /// <summary>Waits until the dispatcher has written the message file (it is renamed into place whole).</summary>
    public static async Task<string> WaitForAsync(string folder, long messageId)
    {
        var path = Path.Combine(folder, $"m{messageId}.eml");
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(path)), exists => exists, $"the dispatcher writing {path}");
        return path;
    }
}

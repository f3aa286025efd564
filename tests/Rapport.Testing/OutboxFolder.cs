namespace Rapport.Testing;

/// <summary>The file outbox as a test sees it.</summary>
public static class OutboxFolder
{
    /// <summary>Waits until the dispatcher has written the message file (it is renamed into place whole).</summary>
    public static async Task<string> WaitForAsync(string folder, long messageId)
    {
        var path = Path.Combine(folder, $"m{messageId}.eml");
        for (var attempt = 0; attempt < 200 && !File.Exists(path); attempt++)
        {
            await Task.Delay(50);
        }

        return File.Exists(path) ? path : throw new FileNotFoundException("The dispatcher did not write the message in 10 s.", path);
    }
}

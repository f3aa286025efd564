namespace Rapport.Testing;

/// <summary>
/// Waits for work the server does in the background (upkeep, the dispatcher): asks again every 50 ms until
/// the answer is what the test wants, for at most 10 s. Not a timing: a wait for a condition.
/// </summary>
public static class Eventually
{
    private const int Attempts = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> ask, Func<T, bool> done, string what)
    {
        var answer = await ask();
        for (var attempt = 1; attempt < Attempts && !done(answer); attempt++)
        {
            await Task.Delay(Interval);
            answer = await ask();
        }

        return done(answer) ? answer : throw new TimeoutException($"{what} did not happen within 10 s; the last answer: {answer}");
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Rapport.Testing;

/// <summary>
/// The clock of the tests: .NET's <see cref="FakeTimeProvider"/>, which stands still until a test moves it (days of a
/// journey pass in a call) and fires the timers and delays of the code under test as it passes their time.
/// </summary>
public static class TestClock
{
    /// <summary>When every test clock starts: a Sunday morning, away from daylight-saving changes.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider New() => new(Start);
}

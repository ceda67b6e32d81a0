using System.Diagnostics;

namespace Kairos.Trading.Tests.Monitoring;

/// <summary>Waits (in real time, at most 10 s) for a condition that a background consumer makes true.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10), $"Timed out waiting for: {what}");
            await Task.Delay(5);
        }
    }
}

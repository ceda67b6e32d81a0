namespace Kairos.Trading.Replay;

/// <summary>How often the wall-clock loop wakes, when it stops, and when it records equity.</summary>
public sealed record ScheduledLoopSettings
{
    /// <summary>Time between loop ticks (the Python bot slept 60 s between iterations).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The loop stops at the first tick at or after this instant; null runs until cancelled.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Record equity every calendar day at 16:00 ET (crypto-only universes) instead of at each NYSE close.</summary>
    public bool DailySnapshots { get; init; }

    /// <summary>
    /// The bot's kill-switch file. When a tick finds it newly set to flatten and no window is due, the loop runs a cycle at
    /// once (the cycle closes every position) instead of waiting for the next window; null: only the windows read it.
    /// </summary>
    public string? KillSwitchPath { get; init; }

    /// <summary>
    /// Steps in a row that may fail with a retryable broker error (<see cref="Brokers.BrokerException.IsRetryable"/>: a
    /// lost connection, timeouts, server errors) before <see cref="ScheduledLoop.RunAsync"/> gives up and rethrows. Each
    /// failed step is retried at the next tick, so the default rides out an outage of about half an hour.
    /// </summary>
    public int MaxConsecutiveFailures { get; init; } = 30;

    public void Validate()
    {
        if (MaxConsecutiveFailures < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConsecutiveFailures), MaxConsecutiveFailures, "The loop must allow at least one failed step.");
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromMinutes(15))
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The loop interval must be between 1 second and 15 minutes.");
        }
    }
}

namespace Kairos.Trading.Replay;

/// <summary>The span a market replay covers and how often it works the order watchers between cycles.</summary>
public sealed record ReplaySettings
{
    public required DateTimeOffset Start { get; init; }

    /// <summary>Inclusive: the last instant replayed.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>
    /// Watchers are polled this often while any is active (the Python watchers polled every 12–45 s; fills themselves are
    /// exact in time whatever the interval, only the bot's reactions — ramp steps, a take-profit placed after an entry
    /// fill — move on this grid).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Poll interval while the NYSE is closed (only crypto watchers act then).</summary>
    public TimeSpan OffHoursPollInterval { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Record equity every calendar day (crypto-only universes) instead of at each NYSE close.</summary>
    public bool DailySnapshots { get; init; }

    public void Validate()
    {
        if (End <= Start)
        {
            throw new ArgumentOutOfRangeException(nameof(End), End, "The replay must end after it starts.");
        }

        if (PollInterval < TimeSpan.FromMinutes(1) || PollInterval > TimeSpan.FromHours(6))
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be between 1 minute and 6 hours.");
        }

        if (OffHoursPollInterval < PollInterval || OffHoursPollInterval > TimeSpan.FromHours(6))
        {
            throw new ArgumentOutOfRangeException(nameof(OffHoursPollInterval), OffHoursPollInterval, "The off-hours poll interval must be at least the poll interval and at most 6 hours.");
        }
    }
}

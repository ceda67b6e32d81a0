namespace Kairos.Trading.Scheduling;

/// <summary>Timing of the scheduled windows (spec §1.2, §9: MARKET_CLOSE_SHIFT_MINUTES, MARKET_CLOSE_ANALYSIS_WINDOW_MINUTES).</summary>
public sealed record ScheduleSettings
{
    /// <summary>The market-close window ends this long before the session's close.</summary>
    public TimeSpan MarketCloseShift { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Length of the market-close window.</summary>
    public TimeSpan MarketCloseWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Windows to run (all by default).</summary>
    public IReadOnlySet<CycleWindowKind> Enabled { get; init; } = new HashSet<CycleWindowKind>(Enum.GetValues<CycleWindowKind>());

    public void Validate()
    {
        if (MarketCloseShift < TimeSpan.Zero || MarketCloseShift > TimeSpan.FromHours(3))
        {
            throw new ArgumentOutOfRangeException(nameof(MarketCloseShift), MarketCloseShift, "The market-close shift must be between 0 and 3 hours.");
        }

        if (MarketCloseWindow <= TimeSpan.Zero || MarketCloseWindow > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MarketCloseWindow), MarketCloseWindow, "The market-close window must be between 1 minute and 1 hour.");
        }
    }
}

namespace Kairos.Trading.Analysis;

/// <summary>
/// Portfolio size rules of spec §5.8: core picks up to <see cref="MaxPositions"/>, fallback picks to reach
/// <see cref="MinPositions"/>, expansion picks up to <see cref="MaxExpanded"/> in all (0 = no expansion).
/// </summary>
public sealed record PortfolioSettings
{
    public int MinPositions { get; init; } = 4;

    public int MaxPositions { get; init; } = 10;

    public int MaxExpanded { get; init; } = 8;

    /// <summary>Replaces the three tiers with "top by average return" (the spec's <c>MARKETSIM_SIMPLE_MODE</c>).</summary>
    public bool SimpleMode { get; init; }

    /// <summary>The market-open / crypto windows: min 4, max 10, expanded 8.</summary>
    public static PortfolioSettings Default { get; } = new();

    /// <summary>The 10:30 ET second-hour window: exactly up to 4 positions, no expansion.</summary>
    public static PortfolioSettings SecondHour { get; } = new() { MinPositions = 4, MaxPositions = 4, MaxExpanded = 0 };

    public void Validate()
    {
        if (MaxPositions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPositions), MaxPositions, "The portfolio needs room for at least one position.");
        }

        if (MinPositions < 0 || MinPositions > MaxPositions)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPositions), MinPositions, $"MinPositions must lie in [0, MaxPositions = {MaxPositions}].");
        }

        if (MaxExpanded < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExpanded), MaxExpanded, "MaxExpanded must be 0 (no expansion) or positive.");
        }
    }
}

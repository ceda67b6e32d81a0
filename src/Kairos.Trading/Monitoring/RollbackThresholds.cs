namespace Kairos.Trading.Monitoring;

/// <summary>
/// The optimisation plan's rollback triggers ("Monitoring &amp; Validation"): Sharpe down more than 10 %, win rate down more
/// than 5 points, cache hit rate under 30 %, memory failures up. Relative Sharpe drops are measured against the
/// baseline's magnitude, so a drop from 0.5 to 0.44 (−12 %) fires and a rise never does.
/// </summary>
public sealed record RollbackThresholds
{
    /// <summary>Largest tolerated fall of the Sharpe ratio, as a fraction of the baseline's (0.10 = 10 %).</summary>
    public double MaxSharpeDrop { get; init; } = 0.10;

    /// <summary>Largest tolerated fall of the win rate, in percentage points as a fraction (0.05 = 5 points).</summary>
    public double MaxWinRateDrop { get; init; } = 0.05;

    /// <summary>Lowest tolerated forecast-cache hit rate while the cache is on (0.30 = 30 %).</summary>
    public double MinCacheHitRate { get; init; } = 0.30;

    /// <summary>Cache lookups below which the hit rate is not judged (too few to mean anything).</summary>
    public long MinCacheLookups { get; init; } = 50;

    public void Validate()
    {
        if (!(MaxSharpeDrop is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSharpeDrop), MaxSharpeDrop, "The Sharpe drop must be a fraction between 0 and 1.");
        }

        if (!(MaxWinRateDrop is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWinRateDrop), MaxWinRateDrop, "The win-rate drop must be a fraction between 0 and 1.");
        }

        if (!(MinCacheHitRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinCacheHitRate), MinCacheHitRate, "The cache hit rate must be a fraction between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinCacheLookups);
    }
}

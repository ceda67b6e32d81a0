using Kairos.Trading.Monitoring;

namespace Kairos.Cli.Configuration;

/// <summary>
/// The rollback triggers the bot judges itself by when given <c>--baseline</c> (optimisation plan "Rollback Triggers"):
/// the thresholds, and how many closed trades a run needs before its Sharpe and win rate are judged.
/// </summary>
internal sealed record RollbackSection
{
    public double MaxSharpeDrop { get; init; } = 0.10;

    public double MaxWinRateDrop { get; init; } = 0.05;

    public double MinCacheHitRate { get; init; } = 0.30;

    public long MinCacheLookups { get; init; } = 50;

    public int MinTrades { get; init; } = 10;

    public RollbackThresholds Thresholds() => new()
    {
        MaxSharpeDrop = MaxSharpeDrop,
        MaxWinRateDrop = MaxWinRateDrop,
        MinCacheHitRate = MinCacheHitRate,
        MinCacheLookups = MinCacheLookups,
    };

    public void Validate()
    {
        foreach (var (name, value) in new[] { ("rollback.maxSharpeDrop", MaxSharpeDrop), ("rollback.maxWinRateDrop", MaxWinRateDrop), ("rollback.minCacheHitRate", MinCacheHitRate) })
        {
            if (!(value is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a fraction from 0 to 1.");
            }
        }

        if (MinCacheLookups < 0 || MinTrades < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTrades), MinTrades, "rollback.minCacheLookups and rollback.minTrades must not be negative.");
        }
    }
}

using Kairos.Backtesting.Strategies;

namespace Kairos.Backtesting.WalkForward;

/// <summary>
/// One strategy's walk-forward statistics for one symbol, aggregated over simulations: means of the per-simulation
/// figures, except <see cref="MaxDrawdown"/> (the worst simulation), <see cref="Trades"/> (the sum) and
/// <see cref="WinRate"/> / <see cref="AverageReturnPerTrade"/> (over all trades pooled).
/// </summary>
public sealed record StrategyStats
{
    public required StrategyKind Strategy { get; init; }

    public int Simulations { get; init; }

    public double TotalReturn { get; init; }

    public double AverageDailyReturn { get; init; }

    public double AnnualReturn { get; init; }

    public double Sharpe { get; init; }

    public double Sortino { get; init; }

    public double MaxDrawdown { get; init; }

    public double WinRate { get; init; }

    public double AverageReturnPerTrade { get; init; }

    public int Trades { get; init; }

    public double Turnover { get; init; }

    /// <summary>Expected average daily return of the next simulation (<see cref="ForecastedPnl"/>).</summary>
    public double ForecastedPnl { get; init; }

    /// <summary>Average daily return of the two newest simulations, summed (spec §5.2's recent_sum).</summary>
    public double RecentSum { get; init; }

    /// <summary>Next-day out-of-sample performance: each day traded with parameters fitted before it.</summary>
    public OutOfSampleStats OutOfSample { get; init; } = OutOfSampleStats.Empty;
}

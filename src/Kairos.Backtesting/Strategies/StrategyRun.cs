namespace Kairos.Backtesting.Strategies;

/// <summary>
/// One strategy over one walk-forward simulation window. A "trade" is one day with a position or a fill (every strategy
/// here holds for at most a day); <see cref="Turnover"/> is traded notional per day as a multiple of the position size.
/// <see cref="TotalReturn"/>, <see cref="AverageDailyReturn"/> and <see cref="Sharpe"/> follow spec §4.2–4.7 per
/// strategy (compounded for signal strategies, summed for limit strategies, the 0.3 blend for the maxdiff pair).
/// </summary>
public sealed record StrategyRun
{
    public required StrategyKind Strategy { get; init; }

    public required double[] DailyReturns { get; init; }

    /// <summary>Position per day (+1 long, −1 short, 0 flat; always-on days with both orders count as 0 here).</summary>
    public required double[] Positions { get; init; }

    public required bool[] Active { get; init; }

    public double TotalReturn { get; init; }

    public double AverageDailyReturn { get; init; }

    public double AnnualReturn { get; init; }

    public double Sharpe { get; init; }

    public double Sortino { get; init; }

    public double MaxDrawdown { get; init; }

    public int Trades { get; init; }

    public int Wins { get; init; }

    public double Turnover { get; init; }

    public StrategyParameters? Parameters { get; init; }
}

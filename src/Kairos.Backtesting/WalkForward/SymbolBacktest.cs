using Kairos.Backtesting.Strategies;
using Kairos.Core;

namespace Kairos.Backtesting.WalkForward;

/// <summary>The walk-forward backtest of one symbol: per-strategy statistics, the best strategy, live levels, every simulation.</summary>
public sealed record SymbolBacktest
{
    public required Instrument Instrument { get; init; }

    public required string ForecasterIdentity { get; init; }

    public int Bars { get; init; }

    public int Simulations { get; init; }

    public int WindowDays { get; init; }

    public double Fee { get; init; }

    public double SpreadBps { get; init; }

    /// <summary>Forecasts this run asked the forecaster for (the rest were memoised).</summary>
    public int ForecastsComputed { get; init; }

    public int ForecastsUsed { get; init; }

    public required IReadOnlyDictionary<StrategyKind, StrategyStats> Stats { get; init; }

    /// <summary>The tradable strategy with the highest forecasted PnL (average daily return breaks ties).</summary>
    public StrategyKind BestStrategy { get; init; }

    public required LiveLevels Live { get; init; }

    /// <summary>Newest first (index 0 ends on the second-to-last bar).</summary>
    public required IReadOnlyList<SimulationResult> SimulationResults { get; init; }

    /// <summary>
    /// SHA-256 (hex) over every simulation's daily returns and positions (IEEE bits, newest simulation first, strategies
    /// in enum order): the golden tests pin it so any change to a fill or a P&amp;L fails loudly.
    /// </summary>
    public required string Fingerprint { get; init; }
}

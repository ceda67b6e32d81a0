using Kairos.Backtesting.WalkForward;
using Kairos.Core;

namespace Kairos.Trading.Cycle;

/// <summary>A symbol's backtest, or why there is none (too few bars).</summary>
public sealed record BacktestOutcome(Instrument Instrument, SymbolBacktest? Backtest, string? Failure)
{
    /// <summary>How long the stage spent on the symbol (near zero when the memo served it).</summary>
    public TimeSpan Elapsed { get; init; }
}

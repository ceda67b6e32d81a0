using Kairos.Backtesting.WalkForward;
using Kairos.Core;

namespace Kairos.Trading.Cycle;

/// <summary>A symbol's backtest, or why there is none (too few bars, or not enough memory to run it).</summary>
public sealed record BacktestOutcome(Instrument Instrument, SymbolBacktest? Backtest, string? Failure)
{
    /// <summary>How long the stage spent on the symbol (near zero when the memo served it).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when the backtest failed with an out-of-memory error: a memory failure of the rollback triggers.</summary>
    public bool OutOfMemory { get; init; }
}

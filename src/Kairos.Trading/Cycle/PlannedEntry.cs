using Kairos.Backtesting.Strategies;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;

namespace Kairos.Trading.Cycle;

/// <summary>
/// A pick the cycle decided to enter. Quantity is decided later by the sizer, in <see cref="Rank"/> order, against the
/// account snapshot the cycle took at its start. <see cref="Probe"/>: the entry follows a loss and uses the minimum
/// quantity (only when probe trades are enabled).
/// </summary>
public sealed record PlannedEntry(
    SymbolAnalysis Analysis,
    OrderSide Side,
    StrategyKind Strategy,
    EntryMode Mode,
    decimal? EntryPrice,
    decimal? TakeProfitPrice,
    bool ForceImmediate,
    bool Probe,
    int Rank);

using Kairos.Backtesting.Strategies;
using Kairos.Core;

namespace Kairos.Trading.Cycle;

/// <summary>An open position whose take-profit exit watcher is (re)placed at the new forecast's level (spec §1.4.6).</summary>
public sealed record PlannedExitRefresh(Instrument Instrument, StrategyKind Strategy, decimal TakeProfitPrice);

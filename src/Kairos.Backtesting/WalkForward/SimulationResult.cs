using Kairos.Backtesting.Strategies;

namespace Kairos.Backtesting.WalkForward;

/// <summary>One walk-forward simulation: its decision dates (first..last; each trades the following session) and runs.</summary>
public sealed record SimulationResult(int Index, DateOnly FirstDecisionDate, DateOnly LastDecisionDate, IReadOnlyDictionary<StrategyKind, StrategyRun> Runs);

using Kairos.Backtesting.Costs;
using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Strategies;

/// <summary>What every strategy evaluation of one symbol shares: its inputs, costs, asset-class rules and optimiser budgets.</summary>
public sealed record StrategyContext(
    DecisionDayInputs Inputs,
    TradingCosts Costs,
    bool IsCrypto,
    int PeriodsPerYear,
    GridSearchOptions Grid,
    DirectOptions PctDiffOptimizer);

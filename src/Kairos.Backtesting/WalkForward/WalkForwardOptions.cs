using Kairos.Backtesting.Costs;
using Kairos.Backtesting.Optimization;
using Kairos.Backtesting.Strategies;

namespace Kairos.Backtesting.WalkForward;

/// <summary>Settings of a walk-forward run (spec §5.1): simulations, window length, costs, optimiser budgets.</summary>
public sealed record WalkForwardOptions
{
    /// <summary>Number of simulations; each ends one day earlier than the previous. Capped by the data available.</summary>
    public int Simulations { get; init; } = 70;

    /// <summary>Decision days per simulation.</summary>
    public int WindowDays { get; init; } = 7;

    public CostModel Costs { get; init; } = new();

    public GridSearchOptions Grid { get; init; } = new();

    /// <summary>DIRECT budget for pctdiff: maxfun 720 (= 60 × 12, spec §4.7), scipy's other defaults.</summary>
    public DirectOptions PctDiffOptimizer { get; init; } = new() { MaxEvaluations = 720 };

    /// <summary>Half-life, in simulations, of the forecasted-PnL model (see <see cref="ForecastedPnl"/>).</summary>
    public double ForecastedPnlHalfLife { get; init; } = 7;

    /// <summary>Strategies to evaluate (all by default).</summary>
    public IReadOnlyList<StrategyKind> Strategies { get; init; } = StrategyNames.All;

    public void Validate()
    {
        if (Simulations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Simulations), Simulations, "At least one simulation is needed.");
        }

        if (WindowDays < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowDays), WindowDays, "A simulation window needs at least 2 days.");
        }

        if (!(ForecastedPnlHalfLife > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ForecastedPnlHalfLife), ForecastedPnlHalfLife, "The half-life must be positive.");
        }

        if (Strategies.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Strategies), "Choose at least one strategy.");
        }

        Costs.Validate();
        Grid.Validate();
    }
}

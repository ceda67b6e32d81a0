using Kairos.Backtesting.Costs;
using Kairos.Backtesting.Optimization;
using Kairos.Cli.Commands;
using Kairos.Cli.Configuration;

namespace Kairos.Cli.Tests;

/// <summary>How the optimizer and analysis sections reach the walk-forward options and the backtest stage.</summary>
public sealed class ConfigOptimizerTests
{
    [Fact]
    public void Defaults_leave_the_optimisers_exactly_as_they_are()
    {
        var options = TradingSetup.WalkForward(new TradingConfig(), new CostModel());

        Assert.Equal([33, 17, 9], options.Grid.Steps);
        Assert.Equal(1e-4, options.Grid.MinWindow);
        Assert.Equal(0.6, options.Grid.Shrink);
        Assert.Equal((720, 1e-4), (options.PctDiffOptimizer.MaxEvaluations, options.PctDiffOptimizer.Eps));
    }

    /// <summary>
    /// Budget 50: √(50/1459) = 0.18512 → 33·0.18512 = 6.1, 17·0.18512 = 3.1, 9·0.18512 = 1.7 → floors 6, 3, 2 (the minimum):
    /// 36 + 9 + 4 = 49 ≤ 50. Budget 500: √(500/1459) = 0.58541 → 19.3, 9.95, 5.27 → 19, 9, 5: 361 + 81 + 25 = 467.
    /// Budget 12: every axis at its minimum 2: 3 × 4 = 12.
    /// </summary>
    [Theory]
    [InlineData(50, new[] { 6, 3, 2 })]
    [InlineData(500, new[] { 19, 9, 5 })]
    [InlineData(12, new[] { 2, 2, 2 })]
    [InlineData(1459, new[] { 33, 17, 9 })]
    [InlineData(100_000, new[] { 33, 17, 9 })]
    public void Max_evaluations_shrink_the_grid_to_fit(int budget, int[] steps)
    {
        var grid = new OptimizerSection { MaxEvaluations = budget }.Bound(new GridSearchOptions());

        Assert.Equal(steps, grid.Steps);
        Assert.True(grid.EvaluationsPerSearch <= budget);
    }

    /// <summary>
    /// Steps 5, 2, 2 (33 evaluations) and budget 12: √(12/33) = 0.603 → 3.01, 1.2, 1.2 → 3, 2, 2 (the minimum) = 17 &gt; 12,
    /// so the largest axis gives a point back: 2, 2, 2 = 12.
    /// </summary>
    [Fact]
    public void The_floor_of_two_points_is_paid_for_by_the_largest_axis()
    {
        var grid = new OptimizerSection { MaxEvaluations = 12 }.Bound(new GridSearchOptions { Steps = [5, 2, 2] });

        Assert.Equal([2, 2, 2], grid.Steps);
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(720, 720)]
    [InlineData(5000, 720)]
    public void Max_evaluations_lower_the_direct_budget_never_raise_it(int budget, int expected)
    {
        var direct = new OptimizerSection { MaxEvaluations = budget, Tolerance = 0.001 }.Bound(new DirectOptions { MaxEvaluations = 720 });

        Assert.Equal((expected, 0.001), (direct.MaxEvaluations, direct.Eps));
    }

    [Fact]
    public void Tolerance_is_the_grid_minimum_window_and_direct_epsilon()
    {
        var config = new TradingConfig { Optimizer = new OptimizerSection { MaxEvaluations = 50, Tolerance = 0.001 } };

        var options = TradingSetup.WalkForward(config, new CostModel());

        Assert.Equal([6, 3, 2], options.Grid.Steps);
        Assert.Equal(0.001, options.Grid.MinWindow);
        Assert.Equal((50, 0.001), (options.PctDiffOptimizer.MaxEvaluations, options.PctDiffOptimizer.Eps));
        options.Validate();
    }

    [Theory]
    [InlineData(true, null, 8, 8)]
    [InlineData(true, 3, 8, 3)]
    [InlineData(false, 3, 8, 1)]
    [InlineData(false, null, 8, 1)]
    [InlineData(true, null, 0, 1)]
    public void Analysis_parallelism(bool parallel, int? workers, int cores, int expected) =>
        Assert.Equal(expected, new AnalysisSection { Parallel = parallel, Workers = workers }.Parallelism(cores));
}

using Kairos.Backtesting.Costs;
using Kairos.Backtesting.Kernel;
using Kairos.Backtesting.Optimization;
using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.Tests.Support;
using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Backtesting.Tests.Strategies;

/// <summary>Hand-computed strategy cases on a three-decision-day fixture (fee 0.1 %, no spread).</summary>
public class StrategyEvaluatorTests
{
    private const double Fee = 0.001;

    // Bars 0..3; decision days 0..2 each trade the following bar.
    private static readonly (double, double, double, double)[] Ohlc =
    [
        (100, 101, 99, 100),
        (100, 102, 99.5, 101),
        (101, 101.5, 98, 99),
        (99, 100.5, 98.5, 100),
    ];

    // Forecasts of bars 1..3 made on days 0..2: (high, low, close).
    private static readonly (double H, double L, double C)[] Forecasts =
    [
        (101.8, 99.6, 102),
        (101.6, 99.5, 100),
        (100.2, 98.2, 101),
    ];

    private static StrategyContext Context(string symbol = "AAA", double spreadBps = 0)
    {
        var series = Bars.Series(symbol, Ohlc);
        var forecasts = Forecasts.Select((f, i) => (i, FixedForecaster.Levels(f.H, f.L, f.C))).ToDictionary(p => p.i, p => p.Item2);
        forecasts[3] = FixedForecaster.Levels(101, 99, 100);
        var panel = ForecastPanel.Build(series, new FixedForecaster(forecasts), 0, 3);
        var inputs = DecisionDayInputs.Build(series, panel, 0, 3);
        var costs = new CostModel { EquityFee = Fee, CryptoFee = Fee, EquitySpreadBps = spreadBps, CryptoSpreadBps = spreadBps, SpreadBpsBySymbol = new Dictionary<string, double>() }.For(series.Instrument);
        return new StrategyContext(inputs, costs, series.Instrument.IsCrypto, series.Instrument.TradingDaysPerYear, new GridSearchOptions(), new DirectOptions { MaxEvaluations = 720 });
    }

    private static StrategyRun Run(StrategyKind kind, string symbol = "AAA", double spreadBps = 0) => StrategyEvaluator.Evaluate(kind, Context(symbol, spreadBps), 0, 3);

    [Fact]
    public void Inputs_pair_each_forecast_with_the_bar_it_forecasts()
    {
        var x = Context().Inputs;
        Assert.Equal((101.0 / 100) - 1, x.Kernel[0].Close, 15);
        Assert.Equal((102.0 / 100) - 1, x.Kernel[0].HighActual, 15);
        Assert.Equal((99.5 / 100) - 1, x.Kernel[0].LowActual, 15);
        Assert.Equal((101.8 / 100) - 1, x.Kernel[0].HighPredicted, 15);
        Assert.Equal((99.6 / 100) - 1, x.Kernel[0].LowPredicted, 15);
        Assert.Equal((100.0 / 101) - 1, x.ClosePredicted[1], 15);
        Assert.Equal((100.2 / 101.5) - 1, x.HighPredictedOwn[2], 15);
        Assert.Equal((98.2 / 98) - 1, x.LowPredictedOwn[2], 15);
    }

    [Fact]
    public void Simple_goes_long_short_long_and_pays_fee_per_unit_of_position_change()
    {
        var r = Run(StrategyKind.Simple);
        double[] expected =
        [
            0.01 - Fee,                            // flat → long: change 1
            -((99.0 / 101) - 1) - (2 * Fee),       // long → short: change 2
            ((100.0 / 99) - 1) - (2 * Fee),        // short → long: change 2
        ];
        AssertSeries(expected, r.DailyReturns);
        Assert.Equal(((1 + expected[0]) * (1 + expected[1]) * (1 + expected[2])) - 1, r.TotalReturn, 14);
        Assert.Equal(expected.Average(), r.AverageDailyReturn, 15);
        Assert.Equal(expected.Average() * 252, r.AnnualReturn, 12);
        var sd = Math.Sqrt(expected.Sum(v => (v - expected.Average()) * (v - expected.Average())) / 2);
        Assert.Equal(expected.Average() / sd * Math.Sqrt(252), r.Sharpe, 12);
        Assert.Equal([1.0, -1, 1], r.Positions);
        Assert.Equal(3, r.Trades);
        Assert.Equal(3, r.Wins);
        Assert.Equal(5.0 / 3, r.Turnover, 15);
    }

    [Fact]
    public void Simple_adds_half_the_spread_per_change()
    {
        var r = Run(StrategyKind.Simple, spreadBps: 10);
        Assert.Equal(0.01 - Fee - 0.0005, r.DailyReturns[0], 15);
        Assert.Equal(-((99.0 / 101) - 1) - (2 * (Fee + 0.0005)), r.DailyReturns[1], 15);
    }

    [Fact]
    public void Simple_on_crypto_stays_flat_on_a_down_forecast()
    {
        var r = Run(StrategyKind.Simple, "BTCUSD");
        double[] expected = [0.01 - Fee, -Fee, ((100.0 / 99) - 1) - Fee];
        AssertSeries(expected, r.DailyReturns);
        Assert.Equal(expected.Average() * 365, r.AnnualReturn, 12);
    }

    [Fact]
    public void All_signals_needs_close_high_and_low_to_agree()
    {
        // Day 0: all three up → long. Day 1: low forecast unchanged (0) → flat. Day 2: high forecast down → flat.
        var r = Run(StrategyKind.AllSignals);
        AssertSeries([0.01 - Fee, -Fee, 0], r.DailyReturns);
        Assert.Equal([1.0, 0, 0], r.Positions);
        Assert.Equal((1.009 * 0.999) - 1, r.TotalReturn, 15);
    }

    [Fact]
    public void All_signals_fee_is_discounted_when_long_short_and_flat_all_occur()
    {
        // Make day 2 all-down: close, high and low forecasts below their own last values.
        var ctx = Context();
        ctx.Inputs.ClosePredicted[2] = -0.01;
        ctx.Inputs.LowPredictedOwn[2] = -0.01;
        var r = StrategyEvaluator.Evaluate(StrategyKind.AllSignals, ctx, 0, 3);
        var fee = Fee * StrategyEvaluator.MixedSignalFeeFactor;
        AssertSeries([0.01 - fee, -fee, -((100.0 / 99) - 1) - fee], r.DailyReturns);
    }

    [Fact]
    public void Buy_and_hold_pays_one_entry()
    {
        var r = Run(StrategyKind.BuyAndHold);
        AssertSeries([0.01 - Fee, (99.0 / 101) - 1, (100.0 / 99) - 1], r.DailyReturns);
        Assert.Equal((1.01 - Fee) * (99.0 / 101) * (100.0 / 99) - 1, r.TotalReturn, 14);
    }

    [Fact]
    public void Unprofit_shutdown_stands_aside_after_a_wrong_call()
    {
        // Day 0 long (rule), forecast was up and the close rose → right → day 1 follows the down forecast (short);
        // day 1's forecast (down) was right (99 < 101) → day 2 follows the up forecast.
        var r = Run(StrategyKind.UnprofitShutdown);
        Assert.Equal([1.0, -1, 1], r.Positions);

        // Flip day 0's forecast: still long on day 0 (rule), but the call was wrong → flat on day 1.
        var ctx = Context();
        ctx.Inputs.ClosePredicted[0] = -0.01;
        var r2 = StrategyEvaluator.Evaluate(StrategyKind.UnprofitShutdown, ctx, 0, 3);
        Assert.Equal([1.0, 0, 1], r2.Positions);
    }

    [Fact]
    public void Takeprofit_exits_at_target_when_reached_and_pays_for_side_changes()
    {
        var r = Run(StrategyKind.TakeProfit);
        double[] expected =
        [
            0.018 - Fee,                          // long: high 102 ≥ target 101.8 → +1.8 %
            -((99.5 / 101) - 1) - (2 * Fee),      // short: low 98 ≤ target 99.5 → cover at 99.5
            ((100.2 / 99) - 1) - (2 * Fee),       // long: high 100.5 ≥ 100.2 → target
        ];
        AssertSeries(expected, r.DailyReturns);
        Assert.Equal(expected.Sum(), r.TotalReturn, 15);
    }

    [Fact]
    public void Highlow_fills_only_when_the_level_trades_and_charges_only_fills()
    {
        // Day 0: buy limit at 99.6, low 99.5 → filled, exit at close 101. Day 1: sell limit at 101.6, high 101.5 → no fill.
        // Day 2: buy limit at 98.2, low 98.5 → no fill.
        var r = Run(StrategyKind.HighLow);
        AssertSeries([0.01 + 0.004 - Fee, 0, 0], r.DailyReturns);
        Assert.Equal([true, false, false], r.Active);
        Assert.Equal(1, r.Trades);
    }

    [Fact]
    public void Maxdiff_reports_baseline_plus_three_tenths_of_optimised()
    {
        var ctx = Context();
        var r = StrategyEvaluator.Evaluate(StrategyKind.MaxDiff, ctx, 0, 3);
        var q = StrategyEvaluator.MaxDiffDirections(ctx, 0, 3);

        // |hp| vs |lp|: day 0 1.8 % > 0.4 % → long; day 1 0.59 % < 1.49 % → short; day 2 1.21 % > 0.81 % → long.
        Assert.Equal([1.0, -1, 1], q);
        var p = r.Parameters!;
        double[] l = [1, 0, 1];
        double[] s = [0, -1, 0];
        var days = ctx.Inputs.Kernel.AsSpan(0, 3);
        var baseSum = EntryExitKernel.Sum(days, l, s, 0, 0, Fee, p.CloseAtEod);
        var finalSum = EntryExitKernel.Sum(days, l, s, p.HighOffset, p.LowOffset, Fee, p.CloseAtEod);
        Assert.Equal(baseSum + (0.3 * finalSum), r.TotalReturn, 15);
        Assert.Equal(finalSum, r.DailyReturns.Sum(), 15);

        // The optimum is at least as good as no offset in both exit variants.
        Assert.True(finalSum >= EntryExitKernel.Sum(days, l, s, 0, 0, Fee, false) - 1e-15);
        Assert.True(finalSum >= EntryExitKernel.Sum(days, l, s, 0, 0, Fee, true) - 1e-15);
        Assert.Equal(2 * 1459, p.Evaluations);
        Assert.InRange(p.HighOffset, -0.03, 0.03);
        Assert.InRange(p.LowOffset, -0.03, 0.03);
    }

    [Fact]
    public void Maxdiff_on_crypto_never_shorts()
    {
        var ctx = Context("ETHUSD");
        Assert.Equal([1.0, 0, 1], StrategyEvaluator.MaxDiffDirections(ctx, 0, 3));
    }

    [Fact]
    public void Maxdiff_skips_days_whose_levels_are_inverted()
    {
        var ctx = Context();
        ctx.Inputs.Kernel[0] = ctx.Inputs.Kernel[0] with { LowPredicted = 0.02, HighPredicted = 0.01 };
        Assert.Equal(0.0, StrategyEvaluator.MaxDiffDirections(ctx, 0, 3)[0]);
    }

    [Fact]
    public void Always_on_rests_both_sides_and_uses_the_intraday_baseline()
    {
        var ctx = Context();
        var r = StrategyEvaluator.Evaluate(StrategyKind.MaxDiffAlwaysOn, ctx, 0, 3);
        var p = r.Parameters!;
        double[] l = [1, 1, 1];
        double[] s = [-1, -1, -1];
        var days = ctx.Inputs.Kernel.AsSpan(0, 3);
        var baseSum = EntryExitKernel.Sum(days, l, s, 0, 0, Fee, false);
        var finalSum = EntryExitKernel.Sum(days, l, s, p.HighOffset, p.LowOffset, Fee, p.CloseAtEod);
        Assert.Equal(baseSum + (0.3 * finalSum), r.TotalReturn, 15);

        var crypto = StrategyEvaluator.Evaluate(StrategyKind.MaxDiffAlwaysOn, Context("BTCUSD"), 0, 3);
        var cp = crypto.Parameters!;
        var cryptoDays = Context("BTCUSD").Inputs.Kernel.AsSpan(0, 3);
        Assert.Equal(EntryExitKernel.Sum(cryptoDays, l, [0, 0, 0], cp.HighOffset, cp.LowOffset, Fee, cp.CloseAtEod), crypto.DailyReturns.Sum(), 15);
    }

    [Fact]
    public void Pctdiff_day_long_hits_entry_and_target()
    {
        var x = Context().Inputs;

        // Day 0: entry 99.6·(1 − 0.001) = 99.5004 ≥ low 99.5 → filled; target ·1.02 = 101.490408 < high 102 → exit there.
        var r = StrategyEvaluator.PctDiffDay(x, 0, 1, -0.001, 0, 0.02, 0.01, Fee, out var filled);
        Assert.True(filled);
        var entry = 99.6 * 0.999;
        Assert.Equal(((entry * 1.02) - entry - (Fee * entry)) / entry, r, 14);

        // A target above the high exits at the close (101).
        r = StrategyEvaluator.PctDiffDay(x, 0, 1, -0.001, 0, 0.05, 0.01, Fee, out _);
        Assert.Equal((101 - entry - (Fee * entry)) / entry, r, 14);

        // Entry below the day's low never fills.
        Assert.Equal(0.0, StrategyEvaluator.PctDiffDay(x, 0, 1, -0.01, 0, 0.02, 0.01, Fee, out filled));
        Assert.False(filled);
    }

    [Fact]
    public void Pctdiff_day_short_and_clip()
    {
        var x = Context().Inputs;

        // Day 1 short: entry 101.6·(1 − 0.01) = 100.584 ≤ high 101.5 → filled; target ·(1 − 0.02) = 98.57 ≥ low 98 → covered there.
        var r = StrategyEvaluator.PctDiffDay(x, 1, -1, 0, -0.01, 0.01, 0.02, Fee, out var filled);
        Assert.True(filled);
        var entry = 101.6 * 0.99;
        Assert.Equal(((entry - (entry * 0.98)) - (Fee * entry)) / entry, r, 14);

        // A huge gain is clipped to +10 %.
        x.NextLow[1] = 50;
        Assert.Equal(0.10, StrategyEvaluator.PctDiffDay(x, 1, -1, 0, -0.01, 0.01, 0.3, Fee, out _), 15);
    }

    [Fact]
    public void Pctdiff_optimises_within_bounds_and_reports_summed_returns()
    {
        var r = Run(StrategyKind.PctDiff);
        var p = r.Parameters!;
        Assert.InRange(p.LowMultiplier, -0.03, 0.03);
        Assert.InRange(p.HighMultiplier, -0.03, 0.03);
        Assert.InRange(p.PctLong, 0.003, 0.09);
        Assert.InRange(p.PctShort, 0.003, 0.09);
        Assert.InRange(p.Evaluations, 1, 800);
        Assert.Equal(r.DailyReturns.Sum(), r.TotalReturn, 15);
        Assert.True(r.TotalReturn >= 0, "the optimiser can always choose levels that never fill");
    }

    [Fact]
    public void Every_strategy_rejects_a_window_outside_the_inputs()
    {
        var ctx = Context();
        Assert.Throws<ArgumentOutOfRangeException>(() => StrategyEvaluator.Evaluate(StrategyKind.Simple, ctx, 1, 3));
    }

    private static void AssertSeries(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 14);
        }
    }
}

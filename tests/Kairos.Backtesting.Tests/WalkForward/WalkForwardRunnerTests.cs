using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.Tests.Support;
using Kairos.Backtesting.WalkForward;
using Kairos.Forecasting;

namespace Kairos.Backtesting.Tests.WalkForward;

public class WalkForwardRunnerTests
{
    [Fact]
    public void Simulations_slide_one_day_and_score_each_forecast_against_its_own_day()
    {
        var s = Bars.RandomWalk("AAA", 200, 11);
        var runner = new WalkForwardRunner(new BaselineForecaster());
        var r = runner.Run(s);
        Assert.Equal(70, r.Simulations);
        Assert.Equal(7, r.WindowDays);

        // Newest simulation: decision days N−8..N−2 (each trades the following bar).
        var sim0 = r.SimulationResults[0];
        Assert.Equal(s[200 - 8].Date, sim0.FirstDecisionDate);
        Assert.Equal(s[200 - 2].Date, sim0.LastDecisionDate);
        Assert.Equal(s[200 - 9].Date, r.SimulationResults[1].FirstDecisionDate);

        // Consecutive simulations share six of seven days: day i+1 of sim k+1 is day i of sim k.
        var simple0 = sim0.Runs[StrategyKind.BuyAndHold].DailyReturns;
        var simple1 = r.SimulationResults[1].Runs[StrategyKind.BuyAndHold].DailyReturns;
        for (var i = 1; i < 6; i++)
        {
            Assert.Equal(simple1[i + 1], simple0[i]);
        }

        // Buy-and-hold day i of sim 0 earns exactly the realised close-to-close return of its traded bar.
        Assert.Equal((s.Close[200 - 6] / s.Close[200 - 7]) - 1, simple0[1], 15);

        // One forecast per decision day of the run plus the live one.
        Assert.Equal(70 + 7, r.ForecastsComputed);
        Assert.Equal(s[199].Date, r.Live.LastBarDate);
    }

    [Fact]
    public void The_next_days_run_forecasts_only_the_new_window()
    {
        var s = Bars.RandomWalk("AAA", 201, 12);
        var memo = new ForecastMemo();
        var runner = new WalkForwardRunner(new BaselineForecaster(), memo: memo);
        var yesterday = runner.Run(s.Take(200));
        var today = runner.Run(s);
        Assert.Equal(77, yesterday.ForecastsComputed);
        Assert.Equal(1, today.ForecastsComputed);
    }

    [Fact]
    public void Runs_are_bit_identical()
    {
        var s = Bars.RandomWalk("ETHUSD", 150, 13);
        var a = new WalkForwardRunner(new BaselineForecaster()).Run(s);
        var b = new WalkForwardRunner(new BaselineForecaster()).Run(s);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        foreach (var kind in StrategyNames.All)
        {
            Assert.Equal(a.Stats[kind] with { OutOfSample = OutOfSampleStats.Empty }, b.Stats[kind] with { OutOfSample = OutOfSampleStats.Empty });
            Assert.Equal(a.Stats[kind].OutOfSample with { DailyReturns = [] }, b.Stats[kind].OutOfSample with { DailyReturns = [] });
            Assert.Equal(a.Stats[kind].OutOfSample.DailyReturns, b.Stats[kind].OutOfSample.DailyReturns);
        }

        Assert.Equal(a.Live, b.Live);
    }

    [Fact]
    public void Simulations_are_capped_by_the_data_and_too_little_data_is_a_clear_error()
    {
        var s = Bars.RandomWalk("AAA", 40, 14);
        var r = new WalkForwardRunner(new BaselineForecaster()).Run(s);

        // 40 bars − 7-day window − 21 bars of forecaster history + 1.
        Assert.Equal(13, r.Simulations);

        var ex = Assert.Throws<Kairos.Core.InsufficientDataException>(() => new WalkForwardRunner(new BaselineForecaster()).Run(s.Take(27)));
        Assert.Contains("AAA", ex.Message, StringComparison.Ordinal);
        Assert.Contains("28", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_aggregate_simulations()
    {
        var s = Bars.RandomWalk("AAA", 120, 15);
        var r = new WalkForwardRunner(new BaselineForecaster(), new WalkForwardOptions { Simulations = 10 }).Run(s);
        var st = r.Stats[StrategyKind.Simple];
        var runs = r.SimulationResults.Select(x => x.Runs[StrategyKind.Simple]).ToArray();
        Assert.Equal(runs.Average(x => x.AverageDailyReturn), st.AverageDailyReturn, 15);
        Assert.Equal(st.AverageDailyReturn * 252, st.AnnualReturn, 15);
        Assert.Equal(runs.Average(x => x.Sharpe), st.Sharpe, 12);
        Assert.Equal(runs.Min(x => x.MaxDrawdown), st.MaxDrawdown);
        Assert.Equal(runs.Sum(x => x.Trades), st.Trades);
        Assert.Equal(runs[0].AverageDailyReturn + runs[1].AverageDailyReturn, st.RecentSum, 15);
        Assert.Contains(r.BestStrategy, StrategyNames.Tradable);
        Assert.Equal(r.Stats.Where(p => StrategyNames.Tradable.Contains(p.Key)).Max(p => p.Value.ForecastedPnl), r.Stats[r.BestStrategy].ForecastedPnl);
    }

    [Fact]
    public void Live_levels_follow_the_newest_simulation()
    {
        var s = Bars.RandomWalk("AAA", 120, 16);
        var r = new WalkForwardRunner(new BaselineForecaster(), new WalkForwardOptions { Simulations = 5 }).Run(s);
        var live = r.Live;
        var p = r.SimulationResults[0].Runs[StrategyKind.PctDiff].Parameters!;
        Assert.Equal(live.PredictedLow * (1 + p.LowMultiplier), live.PctDiffEntryLowPrice, 12);
        Assert.Equal(live.PctDiffEntryLowPrice * (1 + p.PctLong), live.PctDiffTakeProfitHighPrice, 12);
        Assert.True(live.MaxDiffLowPrice <= live.LastClose && live.MaxDiffHighPrice >= live.LastClose);
        Assert.Equal(s.Close[119], live.LastClose);
    }

    [Fact]
    public void Forecasted_pnl_uses_the_mean_when_short_or_negative_and_weights_recent_otherwise()
    {
        Assert.Equal(0.02, ForecastedPnl.Forecast([0.01, 0.02, 0.03], 7), 15);
        Assert.Equal(-0.0025, ForecastedPnl.Forecast([0.01, -0.02, 0.01, -0.01], 7), 15);
        var w = new[] { Math.Pow(2, -3 / 1.0), Math.Pow(2, -2 / 1.0), Math.Pow(2, -1 / 1.0), 1 };
        var expected = ((w[0] * 0.0) + (w[1] * 0.01) + (w[2] * 0.02) + (w[3] * 0.03)) / w.Sum();
        Assert.Equal(expected, ForecastedPnl.Forecast([0.0, 0.01, 0.02, 0.03], 1), 15);
        Assert.Equal(0, ForecastedPnl.Forecast([double.NaN], 7));
    }

    [Fact]
    public void Out_of_sample_days_trade_with_the_previous_simulations_parameters()
    {
        var s = Bars.RandomWalk("AAA", 120, 17);
        var r = new WalkForwardRunner(new BaselineForecaster(), new WalkForwardOptions { Simulations = 6 }).Run(s);
        var oos = r.Stats[StrategyKind.MaxDiff].OutOfSample;
        Assert.Equal(5, oos.Days);

        // Newest out-of-sample day: decision day N−2 = 118 (trading bar 119) with sim 1's levels, fitted on days ≤ 117.
        var f = new BarForecast[1];
        new BaselineForecaster().Forecast(s, [118], f, CancellationToken.None);
        var c = s.Close[118];
        var day = new Kairos.Backtesting.Kernel.KernelDay((s.Close[119] / c) - 1, (s.High[119] / c) - 1, (f[0].High / c) - 1, (s.Low[119] / c) - 1, (f[0].Low / c) - 1);
        var q = Math.Abs(day.HighPredicted) > Math.Abs(day.LowPredicted) ? 1.0 : -1.0;
        var p = r.SimulationResults[1].Runs[StrategyKind.MaxDiff].Parameters!;
        var expected = Kairos.Backtesting.Kernel.EntryExitKernel.DayPnl(day, Math.Max(q, 0), Math.Min(q, 0), p.HighOffset, p.LowOffset, 0.0000278, p.CloseAtEod);
        Assert.Equal(expected, oos.DailyReturns[^1], 15);

        // Signal strategies fit nothing: their out-of-sample day is the simulation's own last day.
        Assert.Equal(r.SimulationResults[0].Runs[StrategyKind.Simple].DailyReturns[^1], r.Stats[StrategyKind.Simple].OutOfSample.DailyReturns[^1]);
        Assert.Equal(r.SimulationResults[4].Runs[StrategyKind.Simple].DailyReturns[^1], r.Stats[StrategyKind.Simple].OutOfSample.DailyReturns[0]);
    }
}

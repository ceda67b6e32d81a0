using System.Buffers.Binary;
using System.Security.Cryptography;
using Kairos.Backtesting.Kernel;
using Kairos.Backtesting.Metrics;
using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Backtesting.WalkForward;

/// <summary>
/// Runs the walk-forward backtest of spec §5.1 for one symbol. With N bars, simulation k (k = 0 newest) covers the
/// decision days N−1−W−k .. N−2−k: each day's forecast of bar t+1 is scored against bar t+1 itself. The forecasts of
/// every decision day any simulation needs, plus the live one (decision day N−1), come from one
/// <see cref="ForecastPanel"/>, so consecutive simulations share W−1 of their W forecasts. Deterministic: the same
/// bars, forecasts and options give bit-identical results.
/// </summary>
public sealed class WalkForwardRunner
{
    private readonly IForecaster _forecaster;
    private readonly WalkForwardOptions _options;
    private readonly IForecastStore _memo;

    /// <param name="forecaster">Forecasts the decision days.</param>
    /// <param name="options">The run's settings.</param>
    /// <param name="memo">Where forecasts are looked up and kept: a <see cref="ForecastMemo"/> (a fresh one when null) or a
    /// persistent <see cref="Kairos.Forecasting.Caching.ForecastCache"/>.</param>
    public WalkForwardRunner(IForecaster forecaster, WalkForwardOptions? options = null, IForecastStore? memo = null)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        _forecaster = forecaster;
        _options = options ?? new WalkForwardOptions();
        _options.Validate();
        _memo = memo ?? new ForecastMemo();
    }

    public WalkForwardOptions Options => _options;

    /// <summary>How many simulations fit <paramref name="bars"/> bars (≤ the configured number), and the panel's first decision day.</summary>
    public (int Simulations, int FirstDecisionIndex) Plan(int bars)
    {
        var w = _options.WindowDays;
        var sims = Math.Min(_options.Simulations, bars - w - _forecaster.MinimumHistory + 1);
        return (sims, bars - sims - w);
    }

    /// <summary>Builds the forecast panel this run needs (computing only windows not already memoised).</summary>
    public ForecastPanel BuildPanel(BarSeries series, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var (sims, first) = Plan(series.Count);
        if (sims < 1)
        {
            throw new InsufficientDataException(
                $"{series.Instrument.Symbol}: {series.Count} bars are too few for a walk-forward run: it needs at least {_options.WindowDays + _forecaster.MinimumHistory} ({_forecaster.MinimumHistory} of forecaster history + a {_options.WindowDays}-day window).");
        }

        return ForecastPanel.Build(series, _forecaster, first, series.Count - 1, _memo, cancellationToken);
    }

    public SymbolBacktest Run(BarSeries series, CancellationToken cancellationToken = default)
    {
        ForecastPanel panel;
        using (KairosTelemetry.Source.StartActivity("walkforward.forecast-panel"))
        {
            panel = BuildPanel(series, cancellationToken);
        }

        using var activity = KairosTelemetry.Source.StartActivity("walkforward.simulations");
        return Run(series, panel, cancellationToken);
    }

    /// <summary>Runs with forecasts already given (the panel must cover the run's decision days and the live day).</summary>
    public SymbolBacktest Run(BarSeries series, ForecastPanel panel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(panel);
        var n = series.Count;
        var w = _options.WindowDays;
        var (sims, first) = Plan(n);
        if (sims < 1 || panel.FirstDecisionIndex > first || panel.LastDecisionIndex < n - 1)
        {
            throw new ArgumentException($"{series.Instrument.Symbol}: the forecast panel must cover decision bars {first}..{n - 1}.", nameof(panel));
        }

        var instrument = series.Instrument;
        var costs = _options.Costs.For(instrument);
        var inputs = DecisionDayInputs.Build(series, panel, first, n - 1 - first);
        var context = new StrategyContext(inputs, costs, instrument.IsCrypto, instrument.TradingDaysPerYear, _options.Grid, _options.PctDiffOptimizer);

        var results = new SimulationResult[sims];
        for (var k = 0; k < sims; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = sims - 1 - k;
            var runs = new Dictionary<StrategyKind, StrategyRun>();
            foreach (var kind in _options.Strategies)
            {
                runs[kind] = StrategyEvaluator.Evaluate(kind, context, start, w);
            }

            results[k] = new SimulationResult(k, series[first + start].Date, series[first + start + w - 1].Date, runs);
        }

        var stats = _options.Strategies.ToDictionary(
            kind => kind,
            kind => Aggregate(kind, results, instrument.TradingDaysPerYear) with { OutOfSample = OutOfSample(kind, results, context, sims, w) });
        var best = StrategyNames.Tradable
            .Where(stats.ContainsKey)
            .OrderByDescending(k => stats[k].ForecastedPnl)
            .ThenByDescending(k => stats[k].AverageDailyReturn)
            .ThenBy(k => k)
            .FirstOrDefault(StrategyKind.Simple);

        return new SymbolBacktest
        {
            Instrument = instrument,
            ForecasterIdentity = _forecaster.Identity,
            Bars = n,
            Simulations = sims,
            WindowDays = w,
            Fee = costs.Fee,
            SpreadBps = costs.SpreadBps,
            ForecastsComputed = panel.Computed,
            ForecastsUsed = n - first,
            Stats = stats,
            BestStrategy = best,
            Live = Live(series, panel, context, results[0], sims - 1),
            SimulationResults = results,
            Fingerprint = Fingerprint(results, _options.Strategies),
        };
    }

    private StrategyStats Aggregate(StrategyKind kind, SimulationResult[] results, int periodsPerYear)
    {
        var sims = results.Length;
        var oldestFirst = new double[sims];
        double total = 0, avg = 0, sharpe = 0, sortino = 0, turnover = 0, drawdown = 0, tradeReturns = 0;
        int trades = 0, wins = 0;
        for (var k = 0; k < sims; k++)
        {
            var run = results[k].Runs[kind];
            oldestFirst[sims - 1 - k] = run.AverageDailyReturn;
            total += run.TotalReturn;
            avg += run.AverageDailyReturn;
            sharpe += run.Sharpe;
            sortino += run.Sortino;
            turnover += run.Turnover;
            drawdown = Math.Min(drawdown, run.MaxDrawdown);
            trades += run.Trades;
            wins += run.Wins;
            for (var i = 0; i < run.DailyReturns.Length; i++)
            {
                if (run.Active[i])
                {
                    tradeReturns += run.DailyReturns[i];
                }
            }
        }

        var meanDaily = avg / sims;
        return new StrategyStats
        {
            Strategy = kind,
            Simulations = sims,
            TotalReturn = total / sims,
            AverageDailyReturn = meanDaily,
            AnnualReturn = meanDaily * periodsPerYear,
            Sharpe = sharpe / sims,
            Sortino = sortino / sims,
            MaxDrawdown = drawdown,
            WinRate = trades == 0 ? 0 : (double)wins / trades,
            AverageReturnPerTrade = trades == 0 ? 0 : tradeReturns / trades,
            Trades = trades,
            Turnover = turnover / sims,
            ForecastedPnl = ForecastedPnl.Forecast(oldestFirst, _options.ForecastedPnlHalfLife),
            RecentSum = results[0].Runs[kind].AverageDailyReturn + (sims > 1 ? results[1].Runs[kind].AverageDailyReturn : 0),
        };
    }

    /// <summary>Sim k's last day traded with sim k+1's parameters (fitted on the window ending the day before), k = 0..S−2.</summary>
    private static OutOfSampleStats OutOfSample(StrategyKind kind, SimulationResult[] results, StrategyContext context, int sims, int w)
    {
        var days = Math.Max(sims - 1, 0);
        var returns = new double[days];
        for (var k = 0; k < days; k++)
        {
            var dayIndex = sims - 1 - k + w - 1;
            returns[days - 1 - k] = StrategyEvaluator.NextDayReturn(context, dayIndex, results[k + 1].Runs[kind], results[k].Runs[kind]);
        }

        return OutOfSampleStats.From(returns, context.PeriodsPerYear);
    }

    private LiveLevels Live(BarSeries series, ForecastPanel panel, StrategyContext context, SimulationResult newest, int newestStart)
    {
        var t = series.Count - 1;
        var f = panel[t];
        var c = series.Close[t];
        var x = context.Inputs;
        var w = _options.WindowDays;

        // Calibration (spec §5.4): least squares of realised on predicted close moves over the newest window.
        var pred = x.ClosePredicted.AsSpan(newestStart, w);
        var actual = new double[w];
        for (var i = 0; i < w; i++)
        {
            actual[i] = x.CloseActual(newestStart + i);
        }

        var (slope, intercept) = FitLine(pred, actual);
        var move = (f.Close / c) - 1;
        var hp = (f.High / c) - 1;
        var lp = (f.Low / c) - 1;

        var levels = new LiveLevels
        {
            LastBarDate = series[t].Date,
            LastClose = c,
            PredictedOpen = f.Open,
            PredictedHigh = f.High,
            PredictedLow = f.Low,
            PredictedClose = f.Close,
            PredictedCloseSpread = f.CloseSpread,
            ExpectedMovePct = move,
            CalibrationSlope = slope,
            CalibrationIntercept = intercept,
            CalibratedMovePct = (slope * move) + intercept,
            RealisedVolatility = ReturnStatistics.StandardDeviation(actual, 0),
        };

        if (newest.Runs.TryGetValue(StrategyKind.MaxDiff, out var md) && md.Parameters is { } mp)
        {
            var q = StrategyEvaluator.MaxDiffDirections(context, newestStart, w);
            levels = levels with
            {
                MaxDiffSide = PrimarySide(q),
                MaxDiffHighPrice = c * (1 + Math.Clamp(hp + mp.HighOffset, EntryExitKernel.HighPredMin, EntryExitKernel.HighPredMax)),
                MaxDiffLowPrice = c * (1 + Math.Clamp(lp + mp.LowOffset, EntryExitKernel.LowPredMin, EntryExitKernel.LowPredMax)),
            };
        }

        if (newest.Runs.TryGetValue(StrategyKind.MaxDiffAlwaysOn, out var ao) && ao.Parameters is { } ap)
        {
            levels = levels with
            {
                AlwaysOnHighPrice = c * (1 + Math.Clamp(hp + ap.HighOffset, EntryExitKernel.HighPredMin, EntryExitKernel.HighPredMax)),
                AlwaysOnLowPrice = c * (1 + Math.Clamp(lp + ap.LowOffset, EntryExitKernel.LowPredMin, EntryExitKernel.LowPredMax)),
            };
        }

        if (newest.Runs.TryGetValue(StrategyKind.PctDiff, out var pd) && pd.Parameters is { } pp)
        {
            var entryLow = Math.Max(f.Low * (1 + pp.LowMultiplier), 1e-6);
            var entryHigh = f.High * (1 + pp.HighMultiplier);
            levels = levels with
            {
                PctDiffEntryLowPrice = entryLow,
                PctDiffEntryHighPrice = entryHigh,
                PctDiffTakeProfitHighPrice = entryLow * (1 + pp.PctLong),
                PctDiffTakeProfitLowPrice = entryHigh * (1 - pp.PctShort),
            };
        }

        return levels;
    }

    /// <summary>Buy if every active day was long, sell if every one was short, else the sign of the sum (spec §4.5).</summary>
    private static string PrimarySide(double[] q)
    {
        bool anyLong = false, anyShort = false;
        var sum = 0.0;
        foreach (var v in q)
        {
            anyLong |= v > 0;
            anyShort |= v < 0;
            sum += v;
        }

        return anyLong && !anyShort ? "buy" : anyShort && !anyLong ? "sell" : sum > 0 ? "buy" : sum < 0 ? "sell" : "neutral";
    }

    private static (double Slope, double Intercept) FitLine(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2)
        {
            return (1, 0);
        }

        var mx = ReturnStatistics.Mean(x);
        var my = ReturnStatistics.Mean(y);
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }

        if (sxx <= 1e-18)
        {
            return (1, 0);
        }

        var slope = sxy / sxx;
        return (slope, my - (slope * mx));
    }

    private static string Fingerprint(SimulationResult[] results, IReadOnlyList<StrategyKind> strategies)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[8];
        foreach (var sim in results)
        {
            foreach (var kind in strategies.Order())
            {
                var run = sim.Runs[kind];
                for (var i = 0; i < run.DailyReturns.Length; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer, run.DailyReturns[i]);
                    hash.AppendData(buffer);
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer, run.Positions[i]);
                    hash.AppendData(buffer);
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

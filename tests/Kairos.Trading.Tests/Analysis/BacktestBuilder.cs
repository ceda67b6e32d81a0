using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>
/// Builds a <see cref="SymbolBacktest"/> fixture by hand: only the strategies given get statistics. The default live
/// forecast: close 100 → predicted O/H/L/C 100/102/98.5/101, calibrated move +0.8 %, realised volatility 0.2, maxdiff
/// side buy at 99 (entry) / 101.5 (take-profit), always-on 98.8 / 101.8, pctdiff entries 98.6 / 101.6 and take-profits
/// 100.2 (long) / 100.1 (short).
/// </summary>
internal sealed class BacktestBuilder
{
    public static readonly DateOnly LastDate = new(2026, 3, 2);

    private readonly Instrument _instrument;
    private readonly Dictionary<StrategyKind, StrategyStats> _stats = [];
    private int _simulations = 70;
    private LiveLevels _live = new()
    {
        LastBarDate = LastDate,
        LastClose = 100,
        PredictedOpen = 100,
        PredictedHigh = 102,
        PredictedLow = 98.5,
        PredictedClose = 101,
        ExpectedMovePct = 0.01,
        CalibrationSlope = 0.8,
        CalibrationIntercept = 0,
        CalibratedMovePct = 0.008,
        RealisedVolatility = 0.2,
        MaxDiffSide = "buy",
        MaxDiffHighPrice = 101.5,
        MaxDiffLowPrice = 99,
        AlwaysOnHighPrice = 101.8,
        AlwaysOnLowPrice = 98.8,
        PctDiffEntryLowPrice = 98.6,
        PctDiffEntryHighPrice = 101.6,
        PctDiffTakeProfitHighPrice = 100.2,
        PctDiffTakeProfitLowPrice = 100.1,
    };

    public BacktestBuilder(string symbol) => _instrument = Instrument.Infer(symbol);

    public Instrument Instrument => _instrument;

    /// <summary>One strategy's statistics; the per-simulation return defaults to 7 × the daily average.</summary>
    public BacktestBuilder Strategy(
        StrategyKind kind,
        double avg,
        double forecast,
        double sharpe = 1.0,
        double recentSum = 0.002,
        double? total = null,
        double maxDrawdown = -0.01,
        double turnover = 1)
    {
        _stats[kind] = new StrategyStats
        {
            Strategy = kind,
            Simulations = _simulations,
            AverageDailyReturn = avg,
            TotalReturn = total ?? 7 * avg,
            Sharpe = sharpe,
            ForecastedPnl = forecast,
            RecentSum = recentSum,
            MaxDrawdown = maxDrawdown,
            Turnover = turnover,
        };
        return this;
    }

    public BacktestBuilder Simulations(int simulations)
    {
        _simulations = simulations;
        return this;
    }

    public BacktestBuilder Live(Func<LiveLevels, LiveLevels> change)
    {
        _live = change(_live);
        return this;
    }

    public SymbolBacktest Build() => new()
    {
        Instrument = _instrument,
        ForecasterIdentity = "fixture",
        Bars = 200,
        Simulations = _simulations,
        WindowDays = 7,
        Stats = new Dictionary<StrategyKind, StrategyStats>(_stats),
        Live = _live,
        SimulationResults = [],
        Fingerprint = string.Empty,
    };
}

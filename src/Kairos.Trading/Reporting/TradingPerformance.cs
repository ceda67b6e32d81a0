using Kairos.Backtesting.Metrics;
using Kairos.Core;
using Kairos.Trading.State;

namespace Kairos.Trading.Reporting;

/// <summary>
/// The trading statistics of a run, from its equity curve and closed trades.
/// </summary>
/// <remarks>
/// Conventions (also in <c>docs/state-and-reports.md</c>):
/// <list type="bullet">
/// <item>Daily returns: the equity of the last snapshot of each US/Eastern calendar day, preceded by the first snapshot
/// when that is not already its day's last; r = E_d / E_{d−1} − 1.</item>
/// <item>Sharpe = mean(r) / sample std(r) × √N; Sortino = mean(r) / √(mean(min(r, 0)²)) × √N — the backtest's
/// <see cref="ReturnStatistics"/>, so live and backtest figures compare. N = <see cref="TradingDaysPerYear"/>: 252 when
/// any equity traded, else 365 (<see cref="DaysPerYear"/>).</item>
/// <item>Annualised return = (1 + total return)^(N / number of daily returns) − 1 (CAGR over trading days).</item>
/// <item>Max drawdown over every snapshot (not only day ends), as a fraction ≤ 0.</item>
/// <item>Trades: a win is a realised P&amp;L &gt; 0 after fees; average return per trade is the mean of
/// <see cref="ClosedTrade.ReturnPct"/>; profit factor = gross wins / |gross losses|, null when nothing lost.</item>
/// <item>Exposure: <see cref="TimeInMarket"/> is the fraction of snapshots with any position,
/// <see cref="AverageGrossExposure"/> the mean of gross exposure / equity.</item>
/// </list>
/// </remarks>
public sealed record TradingPerformance
{
    public decimal StartingEquity { get; init; }

    public decimal EndingEquity { get; init; }

    /// <summary>Ending / starting equity − 1.</summary>
    public double TotalReturn { get; init; }

    public double AnnualizedReturn { get; init; }

    public int TradingDaysPerYear { get; init; }

    /// <summary>Day-end to day-end returns, oldest first.</summary>
    public IReadOnlyList<double> DailyReturns { get; init; } = [];

    public double Sharpe { get; init; }

    public double Sortino { get; init; }

    public DrawdownEpisode MaxDrawdown { get; init; } = DrawdownEpisode.None;

    public int Trades { get; init; }

    public int Wins { get; init; }

    public double WinRate { get; init; }

    public double AverageReturnPerTrade { get; init; }

    /// <summary>Gross wins / |gross losses|; null when no trade lost (the ratio is undefined).</summary>
    public double? ProfitFactor { get; init; }

    public double TimeInMarket { get; init; }

    public double AverageGrossExposure { get; init; }

    public decimal RealizedPnl { get; init; }

    public decimal UnrealizedPnl { get; init; }

    public decimal Fees { get; init; }

    public decimal Financing { get; init; }

    /// <summary>Per symbol, in ordinal order of symbol.</summary>
    public IReadOnlyList<SymbolPnl> Symbols { get; init; } = [];

    /// <summary>252 when any of the instruments is an equity (the NYSE year), else 365 (crypto trades every day).</summary>
    public static int DaysPerYear(IEnumerable<Instrument> traded)
    {
        ArgumentNullException.ThrowIfNull(traded);
        return traded.Any(static i => !i.IsCrypto) ? 252 : 365;
    }

    /// <summary>
    /// Computes the statistics. <paramref name="curve"/> must be in time order; <paramref name="openPositions"/> are the
    /// positions still open at its end, valued at the last snapshot's market values.
    /// </summary>
    public static TradingPerformance Compute(
        IReadOnlyList<EquitySnapshot> curve,
        IReadOnlyList<ClosedTrade> trades,
        IReadOnlyList<StoredPosition> openPositions,
        RunCosts costs,
        int tradingDaysPerYear)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(openPositions);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tradingDaysPerYear);
        for (var i = 1; i < curve.Count; i++)
        {
            if (curve[i].At < curve[i - 1].At)
            {
                throw new ArgumentException($"The equity curve is not in time order at {curve[i].At:O}.", nameof(curve));
            }
        }

        var start = curve.Count == 0 ? 0m : curve[0].Equity;
        var end = curve.Count == 0 ? 0m : curve[^1].Equity;
        var daily = DailyReturnsOf(curve);
        var total = start > 0 ? (double)((end - start) / start) : 0;
        var annualized = daily.Length == 0 || total <= -1 ? total : Math.Pow(1 + total, (double)tradingDaysPerYear / daily.Length) - 1;

        var wins = trades.Count(static t => t.RealizedPnl > 0);
        var grossWin = trades.Where(static t => t.RealizedPnl > 0).Sum(static t => t.RealizedPnl);
        var grossLoss = -trades.Where(static t => t.RealizedPnl < 0).Sum(static t => t.RealizedPnl);

        var symbols = SymbolsOf(trades, openPositions, curve.Count == 0 ? null : curve[^1]);
        return new TradingPerformance
        {
            StartingEquity = start,
            EndingEquity = end,
            TotalReturn = total,
            AnnualizedReturn = annualized,
            TradingDaysPerYear = tradingDaysPerYear,
            DailyReturns = daily,
            Sharpe = ReturnStatistics.Sharpe(daily, tradingDaysPerYear, ddof: 1),
            Sortino = ReturnStatistics.Sortino(daily, tradingDaysPerYear),
            MaxDrawdown = MaxDrawdownOf(curve),
            Trades = trades.Count,
            Wins = wins,
            WinRate = trades.Count == 0 ? 0 : (double)wins / trades.Count,
            AverageReturnPerTrade = trades.Count == 0 ? 0 : trades.Average(static t => t.ReturnPct),
            ProfitFactor = grossLoss == 0 ? null : (double)(grossWin / grossLoss),
            TimeInMarket = curve.Count == 0 ? 0 : (double)curve.Count(static s => s.GrossExposure > 0) / curve.Count,
            AverageGrossExposure = curve.Count == 0 ? 0 : curve.Average(static s => s.Equity > 0 ? (double)(s.GrossExposure / s.Equity) : 0),
            RealizedPnl = symbols.Sum(static s => s.Realized),
            UnrealizedPnl = symbols.Sum(static s => s.Unrealized),
            Fees = costs.Fees,
            Financing = costs.Financing,
            Symbols = symbols,
        };
    }

    /// <summary>Equity at each snapshot over its running maximum, minus one (ratios in decimal, so 80 / 100 − 1 is exactly −0.2).</summary>
    public static IReadOnlyList<DrawdownPoint> DrawdownSeries(IReadOnlyList<EquitySnapshot> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var points = new List<DrawdownPoint>(curve.Count);
        var peak = 0m;
        foreach (var s in curve)
        {
            peak = Math.Max(peak, s.Equity);
            points.Add(new DrawdownPoint(s.At, peak > 0 ? (double)((s.Equity - peak) / peak) : 0));
        }

        return points;
    }

    private static double[] DailyReturnsOf(IReadOnlyList<EquitySnapshot> curve)
    {
        if (curve.Count == 0)
        {
            return [];
        }

        var closes = new List<decimal>();
        for (var i = 0; i < curve.Count; i++)
        {
            var isDayEnd = i == curve.Count - 1 || UsEastern.DateOf(curve[i + 1].At) != UsEastern.DateOf(curve[i].At);
            if (isDayEnd || i == 0)
            {
                closes.Add(curve[i].Equity);
            }
        }

        var returns = new double[Math.Max(0, closes.Count - 1)];
        for (var i = 1; i < closes.Count; i++)
        {
            returns[i - 1] = closes[i - 1] > 0 ? (double)((closes[i] - closes[i - 1]) / closes[i - 1]) : 0;
        }

        return returns;
    }

    private static DrawdownEpisode MaxDrawdownOf(IReadOnlyList<EquitySnapshot> curve)
    {
        if (curve.Count == 0)
        {
            return DrawdownEpisode.None;
        }

        var peakIndex = 0;
        var worst = 0.0;
        int worstPeak = -1, worstTrough = -1;
        for (var i = 0; i < curve.Count; i++)
        {
            if (curve[i].Equity > curve[peakIndex].Equity)
            {
                peakIndex = i;
            }

            var dd = curve[peakIndex].Equity > 0 ? (double)((curve[i].Equity - curve[peakIndex].Equity) / curve[peakIndex].Equity) : 0;
            if (dd < worst)
            {
                (worst, worstPeak, worstTrough) = (dd, peakIndex, i);
            }
        }

        if (worstTrough < 0)
        {
            return DrawdownEpisode.None;
        }

        DateTimeOffset? recovered = null;
        for (var i = worstTrough + 1; i < curve.Count; i++)
        {
            if (curve[i].Equity >= curve[worstPeak].Equity)
            {
                recovered = curve[i].At;
                break;
            }
        }

        return new DrawdownEpisode(worst, curve[worstPeak].At, curve[worstTrough].At, recovered);
    }

    private static List<SymbolPnl> SymbolsOf(IReadOnlyList<ClosedTrade> trades, IReadOnlyList<StoredPosition> openPositions, EquitySnapshot? last)
    {
        var symbols = trades.Select(static t => t.Instrument.Symbol).Concat(openPositions.Select(static p => p.Instrument.Symbol)).Distinct().Order(StringComparer.Ordinal);
        var result = new List<SymbolPnl>();
        foreach (var symbol in symbols)
        {
            var closed = trades.Where(t => t.Instrument.Symbol == symbol).ToList();
            var unrealized = 0m;
            foreach (var p in openPositions.Where(p => p.Instrument.Symbol == symbol))
            {
                // A position missing from the last snapshot has no market value to compare with: nothing unrealised.
                if (last is not null && last.MarketValues.TryGetValue(symbol, out var value))
                {
                    unrealized += value - (p.Quantity * p.AveragePrice);
                }
            }

            result.Add(new SymbolPnl(symbol, closed.Sum(static t => t.RealizedPnl), unrealized, closed.Sum(static t => t.Fees), closed.Count));
        }

        return result;
    }
}

using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Reporting;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Reporting;

public class TradingPerformanceTests
{
    private static readonly Instrument A = new("AAA", AssetClass.Equity);
    private static readonly Instrument B = new("BBB", AssetClass.Equity);
    private static readonly Instrument C = new("CCC", AssetClass.Equity);

    private static readonly DateOnly D1 = new(2024, 3, 4);

    /// <summary>
    /// Day ends 100 → 110 → 104.5 → 114.95 (returns +10 %, −5 %, +10 %); an intraday low of 99 on day 2 is the deepest
    /// point (99 / 110 − 1 = −10 %), and 114.95 on day 3 is the first value back above the 110 peak.
    /// </summary>
    internal static IReadOnlyList<EquitySnapshot> Curve { get; } =
    [
        Snap(D1, 9, 30, 100m, 0m, []),
        Snap(D1, 16, 0, 110m, 50m, [("AAA", 50m)]),
        Snap(D1.AddDays(1), 10, 0, 99m, 60m, [("AAA", 60m)]),
        Snap(D1.AddDays(1), 16, 0, 104.5m, 60m, [("AAA", 60m)]),
        Snap(D1.AddDays(2), 16, 0, 114.95m, 30m, [("CCC", 30m)]),
    ];

    /// <summary>+10 on 100 (+10 %), −5 on 100 (−5 %), +6 on 200 (+3 %).</summary>
    internal static IReadOnlyList<ClosedTrade> Trades { get; } =
    [
        Trade(A, 1m, 100m, 10m, 0.5m),
        Trade(B, 2m, 50m, -5m, 0.25m),
        Trade(A, 1m, 200m, 6m, 0.5m),
    ];

    [Fact]
    public void Return_Sharpe_and_Sortino_of_day_end_equity()
    {
        var p = Compute();

        Assert.Equal([0.1, -0.05, 0.1], p.DailyReturns.Select(r => Math.Round(r, 12)));
        Assert.Equal(100m, p.StartingEquity);
        Assert.Equal(114.95m, p.EndingEquity);
        Assert.Equal(0.1495, p.TotalReturn, 12);

        // mean 0.05, sample std √0.0075 → 0.05 / √0.0075 × √252 = √84.
        Assert.Equal(9.16515138991168, p.Sharpe, 9);

        // downside deviation √(0.0025 / 3) → 0.05 / √(0.0025 / 3) × √252 = √756.
        Assert.Equal(27.49545416973504, p.Sortino, 9);

        // 1.1495^(252 / 3) − 1.
        Assert.Equal(120990.2464498536, p.AnnualizedReturn, 6);
    }

    [Fact]
    public void Max_drawdown_uses_every_snapshot_and_dates_the_episode()
    {
        var p = Compute();

        Assert.Equal(-0.1, p.MaxDrawdown.Depth, 12);
        Assert.Equal(Curve[1].At, p.MaxDrawdown.PeakAt);
        Assert.Equal(Curve[2].At, p.MaxDrawdown.TroughAt);
        Assert.Equal(Curve[4].At, p.MaxDrawdown.RecoveredAt);

        var series = TradingPerformance.DrawdownSeries(Curve);
        Assert.Equal([0, 0, -0.1, -0.05, 0], series.Select(d => Math.Round(d.Drawdown, 12)));
        Assert.Equal(Curve.Select(s => s.At), series.Select(d => d.At));
    }

    [Fact]
    public void A_drawdown_never_recovered_has_no_recovery_date()
    {
        IReadOnlyList<EquitySnapshot> curve = [Snap(D1, 16, 0, 100m, 0, []), Snap(D1.AddDays(1), 16, 0, 80m, 0, []), Snap(D1.AddDays(2), 16, 0, 90m, 0, [])];

        var p = TradingPerformance.Compute(curve, [], [], new RunCosts(0, 0), 365);

        Assert.Equal(new DrawdownEpisode(-0.2, curve[0].At, curve[1].At, null), p.MaxDrawdown);
    }

    [Fact]
    public void Trade_statistics_win_rate_average_return_and_profit_factor()
    {
        var p = Compute();

        Assert.Equal(3, p.Trades);
        Assert.Equal(2, p.Wins);
        Assert.Equal(2.0 / 3, p.WinRate, 12);
        Assert.Equal((0.1 - 0.05 + 0.03) / 3, p.AverageReturnPerTrade, 12);
        Assert.Equal(16.0 / 5, p.ProfitFactor!.Value, 12);
    }

    [Fact]
    public void Per_symbol_pnl_adds_the_open_position_at_its_last_market_value()
    {
        var p = Compute();

        // CCC: 2 held at 10, worth 30 at the last snapshot → 10 unrealised.
        Assert.Equal(
            [new SymbolPnl("AAA", 16m, 0m, 1m, 2), new SymbolPnl("BBB", -5m, 0m, 0.25m, 1), new SymbolPnl("CCC", 0m, 10m, 0m, 0)],
            p.Symbols);
        Assert.Equal(11m, p.RealizedPnl);
        Assert.Equal(10m, p.UnrealizedPnl);
        Assert.Equal((1.75m, 0.42m), (p.Fees, p.Financing));
    }

    [Fact]
    public void Exposure_is_time_in_market_and_mean_gross_over_equity()
    {
        var p = Compute();

        Assert.Equal(0.8, p.TimeInMarket, 12);
        Assert.Equal(((50 / 110.0) + (60 / 99.0) + (60 / 104.5) + (30 / 114.95)) / 5, p.AverageGrossExposure, 12);
    }

    [Fact]
    public void Days_per_year_is_252_when_any_equity_traded_else_365()
    {
        var btc = new Instrument("BTCUSD", AssetClass.Crypto);

        Assert.Equal(365, TradingPerformance.DaysPerYear([btc]));
        Assert.Equal(365, TradingPerformance.DaysPerYear([]));
        Assert.Equal(252, TradingPerformance.DaysPerYear([btc, A]));
    }

    [Fact]
    public void An_empty_run_has_zero_statistics_and_no_profit_factor_without_losses()
    {
        var empty = TradingPerformance.Compute([], [], [], new RunCosts(0, 0), 365);
        Assert.Equal((0, 0, 0, 0.0, DrawdownEpisode.None), (empty.Trades, empty.Sharpe, empty.Sortino, empty.TotalReturn, empty.MaxDrawdown));
        Assert.Empty(empty.DailyReturns);

        var onlyWins = TradingPerformance.Compute(Curve, [Trades[0]], [], new RunCosts(0, 0), 252);
        Assert.Null(onlyWins.ProfitFactor);
        Assert.Equal(1.0, onlyWins.WinRate);
    }

    [Fact]
    public void A_curve_out_of_time_order_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TradingPerformance.Compute([Curve[1], Curve[0]], [], [], new RunCosts(0, 0), 252));
    }

    private static TradingPerformance Compute() =>
        TradingPerformance.Compute(Curve, Trades, [new StoredPosition(C, 2m, 10m, StrategyKind.MaxDiff, Curve[3].At)], new RunCosts(1.75m, 0.42m), 252);

    internal static EquitySnapshot Snap(DateOnly date, int hour, int minute, decimal equity, decimal gross, (string Symbol, decimal Value)[] values) =>
        new(UsEastern.FromEastern(date, new TimeOnly(hour, minute)), equity - values.Sum(v => v.Value), equity, gross, values.ToDictionary(v => v.Symbol, v => v.Value));

    private static ClosedTrade Trade(Instrument instrument, decimal qty, decimal entry, decimal pnl, decimal fees) =>
        new(instrument, OrderSide.Buy, StrategyKind.MaxDiff, qty, entry, entry + (pnl / qty), UsEastern.FromEastern(D1, new TimeOnly(10, 0)), UsEastern.FromEastern(D1, new TimeOnly(15, 0)), pnl, fees, "take-profit");
}

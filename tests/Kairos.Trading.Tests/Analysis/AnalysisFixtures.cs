using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Shared contexts: a decision time, a 4 bps quote around a mid of 100, closed trades.</summary>
internal static class AnalysisFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 3, 14, 30, 0, TimeSpan.Zero);

    /// <summary>Bid 99.98 / ask 100.02: mid 100, spread 4 bps.</summary>
    public static Quote TightQuote(Instrument instrument) => new(instrument, 99.98m, 100.02m, Now);

    public static AnalysisContext Context(Instrument instrument, params ClosedTrade[] trades) => new(Now, TightQuote(instrument), trades);

    public static AnalysisContext NoQuote(params ClosedTrade[] trades) => new(Now, null, trades);

    public static ClosedTrade Trade(Instrument instrument, OrderSide side, StrategyKind strategy, decimal pnl, TimeSpan ago) =>
        new(instrument, side, strategy, 10m, 100m, 100m + (pnl / 10m), Now - ago - TimeSpan.FromHours(5), Now - ago, pnl, 0m, "test");

    public static Bar LastBar(double high, double low, double close = 100) =>
        new(new DateTimeOffset(BacktestBuilder.LastDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), 99.5, high, low, close, 1e6);
}

using Kairos.Backtesting.Strategies;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;
using static Kairos.Trading.Tests.Analysis.AnalysisFixtures;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Spec §5.7's gating reasons, the maxdiff-family exemption, the loss block and the cooldown.</summary>
public class SymbolAnalyzerGateTests
{
    private static readonly SelectionSettings Defaults = SelectionSettings.Default;

    private static BacktestBuilder SimpleOnly(string symbol = "AAPL", double recentSum = 0.002) =>
        new BacktestBuilder(symbol).Strategy(StrategyKind.Simple, avg: 0.003, forecast: 0.003, recentSum: recentSum);

    private static BacktestBuilder MaxDiffOnly(string symbol = "AAPL", double recentSum = 0.002) =>
        new BacktestBuilder(symbol).Strategy(StrategyKind.MaxDiff, avg: 0.003, forecast: 0.003, recentSum: recentSum);

    [Fact]
    public void Negative_recent_sum_blocks_a_gated_strategy()
    {
        var b = SimpleOnly(recentSum: -0.001);
        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.Simple, row.SelectedStrategy);
        Assert.Equal(["recent 2-simulation return sum -0.001 ≤ 0"], row.GatingReasons);
        Assert.True(row.TradeBlocked);
        Assert.False(row.LossBlocked);
        Assert.Equal(-0.001, row.RecentSum);
    }

    [Fact]
    public void Maxdiff_family_is_exempt_from_all_but_the_missing_quote_gate()
    {
        var b = MaxDiffOnly(recentSum: -0.001).Live(l => l with { PredictedClose = 100.05, CalibratedMovePct = 0.0005 });
        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);
        Assert.Empty(row.GatingReasons);
        Assert.False(row.TradeBlocked);

        var unquoted = SymbolAnalyzer.Analyze(b.Build(), NoQuote(), Defaults);
        Assert.Equal(["missing bid/ask"], unquoted.GatingReasons);
        Assert.True(unquoted.TradeBlocked);
    }

    [Fact]
    public void Pctdiff_is_exempt_as_in_v1_unless_the_exemption_list_says_otherwise()
    {
        var b = new BacktestBuilder("AAPL").Strategy(StrategyKind.PctDiff, avg: 0.003, forecast: 0.003, recentSum: -0.001);
        Assert.Empty(SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults).GatingReasons);

        var v2 = Defaults with { GateExemptStrategies = new HashSet<StrategyKind> { StrategyKind.MaxDiff, StrategyKind.MaxDiffAlwaysOn } };
        Assert.Equal(["recent 2-simulation return sum -0.001 ≤ 0"], SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), v2).GatingReasons);
    }

    [Fact]
    public void Edge_and_consensus_gates_need_enough_calibrated_and_raw_move()
    {
        // Calibrated 0.1 % = 10 bps < 16 bps (stocks); raw close move 100.05/100 − 1 = 0.05 % < 0.1 %.
        var b = SimpleOnly().Live(l => l with { PredictedClose = 100.05, CalibratedMovePct = 0.001 });
        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(["edge 10 bps < 16 bps", "No directional signal"], row.GatingReasons);
        Assert.True(row.TradeBlocked);

        var off = SymbolAnalyzer.Analyze(b.Build(), NoQuote(), Defaults with { DisableGates = true });
        Assert.Empty(off.GatingReasons);
        Assert.False(off.TradeBlocked);
    }

    [Fact]
    public void Crypto_edge_gate_needs_40_bps()
    {
        // 30 bps calibrated passes a stock's 16 bps need but not a crypto's 40.
        var stock = SimpleOnly().Live(l => l with { CalibratedMovePct = 0.003 });
        Assert.Empty(SymbolAnalyzer.Analyze(stock.Build(), Context(stock.Instrument), Defaults).GatingReasons);

        var crypto = SimpleOnly("BTCUSD").Live(l => l with { CalibratedMovePct = 0.003 });
        Assert.Equal(["edge 30 bps < 40 bps"], SymbolAnalyzer.Analyze(crypto.Build(), Context(crypto.Instrument), Defaults).GatingReasons);
    }

    [Fact]
    public void Wide_spread_is_capped_in_the_score_and_does_not_block()
    {
        var b = MaxDiffOnly();
        var wide = new Quote(b.Instrument, 99.5m, 100.5m, Now);
        var row = SymbolAnalyzer.Analyze(b.Build(), new AnalysisContext(Now, wide, []), Defaults);

        // 100 bps quoted, 8 bps cap for AAPL: composite = 0.003 − 0.0008.
        Assert.Equal(100, row.SpreadBps, 9);
        Assert.Equal(0.0022, row.CompositeScore, 12);
        Assert.Empty(row.GatingReasons);
    }

    [Fact]
    public void Missing_quote_charges_the_full_cap()
    {
        foreach (var (symbol, cap) in new[] { ("AAPL", 8.0), ("TSLA", 25.0), ("BTCUSD", 35.0), ("LTCUSD", 25.0) })
        {
            var b = MaxDiffOnly(symbol);
            var row = SymbolAnalyzer.Analyze(b.Build(), NoQuote(), Defaults);
            Assert.Equal(cap, row.SpreadBps);
            Assert.Equal(0.003 - (cap / 1e4), row.CompositeScore, 12);
            Assert.Equal(["missing bid/ask"], row.GatingReasons);
        }

        // A one-sided quote (bid 0) is no quote.
        var half = MaxDiffOnly();
        var oneSided = new Quote(half.Instrument, 0m, 100.02m, Now);
        Assert.Equal(["missing bid/ask"], SymbolAnalyzer.Analyze(half.Build(), new AnalysisContext(Now, oneSided, []), Defaults).GatingReasons);
    }

    [Fact]
    public void Loss_block_applies_within_three_days_and_not_after()
    {
        var b = MaxDiffOnly();
        var i = b.Instrument;
        bool Blocked(SelectionSettings s, params ClosedTrade[] trades) => SymbolAnalyzer.Analyze(b.Build(), Context(i, trades), s).LossBlocked;

        Assert.True(Blocked(Defaults, Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(2))));
        Assert.True(Blocked(Defaults, Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(3))));
        Assert.False(Blocked(Defaults, Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(3.5))));

        // Only the last trade of the same (symbol, side, strategy) counts.
        Assert.False(Blocked(
            Defaults,
            Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(2)),
            Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, 3m, TimeSpan.FromDays(1))));
        Assert.False(Blocked(Defaults, Trade(i, OrderSide.Sell, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(1))));
        Assert.False(Blocked(Defaults, Trade(i, OrderSide.Buy, StrategyKind.PctDiff, -5m, TimeSpan.FromDays(1))));
        Assert.False(Blocked(Defaults, Trade(Kairos.Core.Instrument.Infer("MSFT"), OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(1))));

        // A trade closed after "now" has not happened yet in a replay.
        Assert.False(Blocked(Defaults, Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromHours(-1))));

        // The loss block is not one of the gates: disabling the gates leaves it on.
        var row = SymbolAnalyzer.Analyze(b.Build(), Context(i, Trade(i, OrderSide.Buy, StrategyKind.MaxDiff, -5m, TimeSpan.FromDays(1))), Defaults with { DisableGates = true });
        Assert.True(row.LossBlocked);
        Assert.True(row.TradeBlocked);
        Assert.Empty(row.GatingReasons);
    }

    [Fact]
    public void Cooldown_follows_a_losing_close_of_the_symbol_for_180_minutes()
    {
        var b = SimpleOnly();
        var i = b.Instrument;
        IReadOnlyList<string> Reasons(params ClosedTrade[] trades) => SymbolAnalyzer.Analyze(b.Build(), Context(i, trades), Defaults).GatingReasons;

        // Any side or strategy of the symbol; the trade closed at 14:30 − 90 min = 13:00 UTC.
        Assert.Equal(["cooldown: losing close at 2026-03-03 13:00:00Z within 180 min"], Reasons(Trade(i, OrderSide.Sell, StrategyKind.PctDiff, -5m, TimeSpan.FromMinutes(90))));
        Assert.Single(Reasons(Trade(i, OrderSide.Buy, StrategyKind.Simple, -5m, TimeSpan.FromMinutes(180))));
        Assert.Empty(Reasons(Trade(i, OrderSide.Buy, StrategyKind.Simple, -5m, TimeSpan.FromMinutes(200))));
        Assert.Empty(Reasons(Trade(i, OrderSide.Buy, StrategyKind.Simple, 5m, TimeSpan.FromMinutes(30))));

        // Maxdiff is exempt.
        var md = MaxDiffOnly();
        Assert.Empty(SymbolAnalyzer.Analyze(md.Build(), Context(i, Trade(i, OrderSide.Buy, StrategyKind.Simple, -5m, TimeSpan.FromMinutes(30))), Defaults).GatingReasons);
    }
}

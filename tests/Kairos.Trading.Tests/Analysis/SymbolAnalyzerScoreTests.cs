using Kairos.Backtesting.Strategies;
using Kairos.Trading.Analysis;
using static Kairos.Trading.Tests.Analysis.AnalysisFixtures;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Spec §5.7's scores with hand-computed values, and the no-edge skip rule.</summary>
public class SymbolAnalyzerScoreTests
{
    private static readonly SelectionSettings Defaults = SelectionSettings.Default;

    [Fact]
    public void Maxdiff_equity_scores()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.Simple, avg: 0.0012, forecast: 0.0010, sharpe: 1.6)
            .Strategy(StrategyKind.MaxDiff, avg: 0.003, forecast: 0.0025, sharpe: 2);

        var row = SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults);

        Assert.Equal(StrategyKind.MaxDiff, row.SelectedStrategy);
        // move = (101.5 − 100) / 100; price skill = 0.0012 + 0.25 × 1.6.
        Assert.Equal(0.015, row.ExpectedMovePct, 12);
        Assert.Equal(0.4012, row.PriceSkill, 12);
        Assert.Equal(0.4012 * 0.015, row.EdgeStrength, 12);
        // Kelly = min(0.15, 0.2 × 0.015 / 0.2²) = 0.075.
        Assert.Equal(0.075, row.KellyFraction, 12);
        // Every AAPL strategy fails the entry gate (70 < 120 samples): primary = max(selected 0.003, simple 0.0012, 0).
        Assert.Equal(0.003, row.PrimaryReturn, 12);
        Assert.Equal(4, row.SpreadBps, 9);
        Assert.Equal(0.0026, row.CompositeScore, 12);
        Assert.Equal(0.021, row.StrategyReturn, 12);
    }

    [Fact]
    public void Crypto_simple_scores_count_only_enabled_and_eligible_alternatives()
    {
        var b = new BacktestBuilder("BTCUSD")
            .Strategy(StrategyKind.Simple, avg: 0.005, forecast: 0.004)
            .Strategy(StrategyKind.HighLow, avg: 0.008, forecast: 0.01)
            .Strategy(StrategyKind.MaxDiff, avg: 0.006, forecast: 0.001)
            .Strategy(StrategyKind.TakeProfit, avg: 0.009, forecast: 0.0005);

        var row = SymbolAnalyzer.Analyze(b.Build(), NoQuote(), Defaults);

        Assert.Equal(StrategyKind.Simple, row.SelectedStrategy);
        Assert.Equal(
            [
                new CandidateNote(StrategyKind.HighLow, "disabled by configuration"),
                new CandidateNote(StrategyKind.MaxDiff, "ranked below simple by forecasted PnL"),
                new CandidateNote(StrategyKind.TakeProfit, "ranked below simple by forecasted PnL"),
            ],
            row.CandidateNotes);

        Assert.Equal(0.008, row.ExpectedMovePct, 12);
        Assert.Equal(0.255, row.PriceSkill, 12);
        Assert.Equal(0.00204, row.EdgeStrength, 12);
        Assert.Equal(0.04, row.KellyFraction, 12);
        // Highlow (0.008) and takeprofit (0.009) are disabled; maxdiff (0.006) is enabled and eligible.
        Assert.Equal(0.006, row.PrimaryReturn, 12);
        // No quote: the 35 bps BTC cap is charged.
        Assert.Equal(35, row.SpreadBps);
        Assert.Equal(0.0025, row.CompositeScore, 12);
        Assert.Equal(["missing bid/ask"], row.GatingReasons);
    }

    [Fact]
    public void Kelly_is_capped_and_falls_back_to_the_move_without_volatility()
    {
        var b = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.Simple, avg: 0.003, forecast: 0.003)
            .Live(l => l with { RealisedVolatility = 0.02 });
        Assert.Equal(0.15, SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults).KellyFraction, 12);

        // σ = max(|0.008|, 0.001): 0.2 × 0.008 / 0.008² = 25 → capped.
        b.Live(l => l with { RealisedVolatility = 0 });
        Assert.Equal(0.15, SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults).KellyFraction, 12);

        // σ = 1 gives the uncapped 0.2 × 0.008 = 0.0016.
        b.Live(l => l with { RealisedVolatility = 1 });
        Assert.Equal(0.0016, SymbolAnalyzer.Analyze(b.Build(), Context(b.Instrument), Defaults).KellyFraction, 12);
    }

    [Fact]
    public void No_edge_and_no_positive_return_skips_the_symbol()
    {
        // |move| = 0.005 / 100 = 5e-5 < 1e-4 → edge strength 0.
        var losing = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.Simple, avg: -0.001, forecast: 0.001)
            .Live(l => l with { CalibratedMovePct = 0.00005 });
        var row = SymbolAnalyzer.Analyze(losing.Build(), Context(losing.Instrument), Defaults);
        Assert.Null(row.SelectedStrategy);
        Assert.Equal("no edge and no strategy with a positive return", row.SkipReason);
        Assert.Equal(0, row.EdgeStrength);
        Assert.True(row.TradeBlocked);

        var winning = new BacktestBuilder("AAPL")
            .Strategy(StrategyKind.Simple, avg: 0.001, forecast: 0.001)
            .Live(l => l with { CalibratedMovePct = 0.00005 });
        var kept = SymbolAnalyzer.Analyze(winning.Build(), Context(winning.Instrument), Defaults);
        Assert.Equal(StrategyKind.Simple, kept.SelectedStrategy);
        Assert.Equal(0, kept.EdgeStrength);
    }
}

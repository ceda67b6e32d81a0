using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;

namespace Kairos.Trading.Tests.Analysis;

/// <summary>Spec §5.8: core, fallback and expansion tiers, sizes, blocked rows and simple mode.</summary>
public class PortfolioBuilderTests
{
    private static SymbolAnalysis Row(
        string symbol,
        double composite,
        double avg = 0.002,
        double strategyReturn = 0.01,
        double forecast = 0.002,
        double edge = 0.001,
        bool blocked = false,
        bool skipped = false,
        StrategyKind strategy = StrategyKind.MaxDiff,
        OrderSide side = OrderSide.Buy,
        decimal movement = 1m) => new()
        {
            Instrument = Instrument.Infer(symbol),
            SelectedStrategy = skipped ? null : strategy,
            Side = skipped ? null : side,
            SkipReason = skipped ? "no strategy survived the side rules" : null,
            AverageReturn = avg,
            StrategyReturn = strategyReturn,
            ForecastedPnl = forecast,
            EdgeStrength = edge,
            CompositeScore = composite,
            PredictedMovement = movement,
            TradeBlocked = blocked || skipped,
            AverageReturns = new Dictionary<StrategyKind, double> { [strategy] = avg },
            StrategyReturns = new Dictionary<StrategyKind, double> { [strategy] = strategyReturn },
            ForecastedPnls = new Dictionary<StrategyKind, double> { [strategy] = forecast },
            Eligible = new Dictionary<StrategyKind, bool> { [strategy] = true },
            Forecast = new LiveLevels(),
        };

    private static IEnumerable<(string, PickReason)> Summary(PortfolioPicks picks) => picks.Picks.Select(p => (p.Symbol, p.Reason));

    [Fact]
    public void Core_picks_follow_the_composite_score_and_never_take_blocked_or_skipped_rows()
    {
        var picks = PortfolioBuilder.Build(
            [
                Row("AAPL", 0.005),
                Row("MSFT", 0.006, blocked: true),
                Row("NVDA", 0.007, skipped: true),
                Row("AMZN", 0.004),
                Row("TSLA", 0.008, avg: -0.001, strategyReturn: -0.002),
            ],
            PortfolioSettings.Default);

        Assert.Equal([("AAPL", PickReason.Core), ("AMZN", PickReason.Core)], Summary(picks));
        Assert.True(picks.Contains("aapl"));
        Assert.False(picks.Contains("MSFT"));
    }

    [Fact]
    public void A_pctdiff_pick_can_now_be_chosen()
    {
        var picks = PortfolioBuilder.Build([Row("AAPL", 0.003, strategy: StrategyKind.PctDiff), Row("ETHUSD", 0.002, strategy: StrategyKind.AllSignals)], PortfolioSettings.Default);
        Assert.Equal([("AAPL", PickReason.Core), ("ETHUSD", PickReason.Core)], Summary(picks));
    }

    [Fact]
    public void Fallback_fills_to_the_minimum_without_the_average_return_condition()
    {
        var picks = PortfolioBuilder.Build(
            [
                Row("AAPL", 0.005),
                Row("MSFT", 0.004),
                Row("AMZN", 0.003),
                // Average daily return ≤ 0 but positive per-simulation return and forecast: fallback material.
                Row("NVDA", 0.006, avg: -0.0001, strategyReturn: 0.002),
                Row("META", 0.007, avg: -0.0001, strategyReturn: 0.002),
                // Forecast ≤ 0: never.
                Row("GOOG", 0.009, avg: -0.0001, strategyReturn: 0.002, forecast: -0.001),
            ],
            PortfolioSettings.Default);

        // Three core picks, then the best-composite fallback row until 4; no expansion row has a positive average.
        Assert.Equal(
            [("AAPL", PickReason.Core), ("MSFT", PickReason.Core), ("AMZN", PickReason.Core), ("META", PickReason.Fallback)],
            Summary(picks));
    }

    [Fact]
    public void Expansion_adds_by_edge_strength_then_composite_up_to_eight()
    {
        var rows = new List<SymbolAnalysis> { Row("AAPL", 0.005), Row("MSFT", 0.004), Row("AMZN", 0.003) };

        // Positive average and forecast but a non-positive per-simulation return: not core, not fallback.
        rows.Add(Row("E1", 0.010, strategyReturn: -0.001, edge: 0.001));
        rows.Add(Row("E2", 0.001, strategyReturn: -0.001, edge: 0.005));
        rows.Add(Row("E3", 0.002, strategyReturn: -0.001, edge: 0.003));
        rows.Add(Row("E4", 0.003, strategyReturn: -0.001, edge: 0.003));
        rows.Add(Row("E5", 0.009, strategyReturn: -0.001, edge: 0.002));
        rows.Add(Row("E6", 0.020, strategyReturn: -0.001, edge: 0.0005));
        rows.Add(Row("E7", 0.030, strategyReturn: -0.001, edge: 0.009, blocked: true));

        var picks = PortfolioBuilder.Build(rows, PortfolioSettings.Default);

        Assert.Equal(
            [
                ("AAPL", PickReason.Core), ("MSFT", PickReason.Core), ("AMZN", PickReason.Core),
                ("E2", PickReason.Expansion), ("E4", PickReason.Expansion), ("E3", PickReason.Expansion),
                ("E5", PickReason.Expansion), ("E1", PickReason.Expansion),
            ],
            Summary(picks));

        // The second-hour window takes at most 4 and never expands.
        var secondHour = PortfolioBuilder.Build(rows, PortfolioSettings.SecondHour);
        Assert.Equal([("AAPL", PickReason.Core), ("MSFT", PickReason.Core), ("AMZN", PickReason.Core)], Summary(secondHour));
    }

    [Fact]
    public void Default_portfolio_holds_at_most_ten_and_the_second_hour_four()
    {
        var rows = Enumerable.Range(0, 12).Select(i => Row($"S{i:00}", 0.001 * (i + 1))).ToList();

        var picks = PortfolioBuilder.Build(rows, PortfolioSettings.Default);
        Assert.Equal(10, picks.Count);
        Assert.All(picks.Picks, p => Assert.Equal(PickReason.Core, p.Reason));
        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"S{i:00}"), picks.Symbols);

        Assert.Equal(["S11", "S10", "S09", "S08"], PortfolioBuilder.Build(rows, PortfolioSettings.SecondHour).Symbols);
    }

    [Fact]
    public void Equal_scores_are_ordered_by_symbol_whatever_the_input_order()
    {
        var rows = new[] { Row("MSFT", 0.004), Row("AAPL", 0.004), Row("AMZN", 0.004) };
        Assert.Equal(["AAPL", "AMZN", "MSFT"], PortfolioBuilder.Build(rows, PortfolioSettings.Default).Symbols);
        Assert.Equal(["AAPL", "AMZN", "MSFT"], PortfolioBuilder.Build(rows.Reverse().ToList(), PortfolioSettings.Default).Symbols);
    }

    [Fact]
    public void Simple_mode_takes_the_top_average_returns_whose_movement_agrees_with_the_side()
    {
        var picks = PortfolioBuilder.Build(
            [
                Row("AAPL", 0.001, avg: 0.003),
                Row("MSFT", 0.009, avg: 0.005, side: OrderSide.Sell, movement: -1m),
                Row("AMZN", 0.001, avg: 0.009, side: OrderSide.Sell, movement: 1m),
                Row("NVDA", 0.001, avg: 0.008, strategyReturn: -0.001),
                Row("META", 0.001, avg: 0.007, blocked: true),
                Row("GOOG", 0.001, avg: 0.001),
            ],
            PortfolioSettings.Default with { SimpleMode = true, MinPositions = 0, MaxPositions = 2 });

        Assert.Equal([("MSFT", PickReason.Simple), ("AAPL", PickReason.Simple)], Summary(picks));
    }

    [Fact]
    public void Invalid_sizes_and_duplicate_symbols_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PortfolioBuilder.Build([], PortfolioSettings.Default with { MinPositions = 5, MaxPositions = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PortfolioBuilder.Build([], PortfolioSettings.Default with { MaxPositions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PortfolioBuilder.Build([], PortfolioSettings.Default with { MaxExpanded = -1 }));
        Assert.Throws<ArgumentException>(() => PortfolioBuilder.Build([Row("AAPL", 0.1), Row("AAPL", 0.2)], PortfolioSettings.Default));
        Assert.Empty(PortfolioBuilder.Build([], PortfolioSettings.Default).Picks);
    }
}

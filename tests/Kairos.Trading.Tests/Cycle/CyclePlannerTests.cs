using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Cycle;
using static Kairos.Trading.Tests.Cycle.PlannerFixtures;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>Spec §1.4 (close rules, entries, exit refresh) and §1.5 (market close), one rule per test.</summary>
public class CyclePlannerTests
{
    private static readonly CycleSettings Defaults = new();

    private static CycleDecision DecisionOf(CyclePlan plan, string symbol) => Assert.Single(plan.Decisions, d => d.Instrument.Symbol == symbol);

    [Fact]
    public void Not_in_picks_during_NYSE_hours_closes_not_in_portfolio()
    {
        var plan = CyclePlanner.Plan(
            Input(MarketOpen, [Row("AAPL")], positions: [Position("AAPL", 10m), Position("BTCUSD", 0.5m)], nyseOpen: true),
            Defaults);

        // AAPL is analysed on the position's side but not picked; BTCUSD is not analysed at all: both go (crypto too).
        Assert.Equal(
            [new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Buy, 10m, "not_in_portfolio"), new PlannedClose(Instrument.Infer("BTCUSD"), OrderSide.Buy, 0.5m, "not_in_portfolio")],
            plan.Closes);
        var d = DecisionOf(plan, "AAPL");
        Assert.Equal("close", d.Action);
        Assert.Equal(StrategyKind.MaxDiff, d.Strategy);
        Assert.Equal(["not_in_portfolio"], d.Reasons);
        Assert.Empty(plan.Entries);
    }

    [Fact]
    public void A_short_not_in_picks_closes_with_its_absolute_quantity_and_side()
    {
        var plan = CyclePlanner.Plan(Input(MarketOpen, [], positions: [Position("TSLA", -7m)]), Defaults);

        Assert.Equal([new PlannedClose(Instrument.Infer("TSLA"), OrderSide.Sell, 7m, "not_in_portfolio")], plan.Closes);
    }

    [Fact]
    public void Not_in_picks_with_the_NYSE_closed_is_kept_while_the_forecast_side_holds()
    {
        var plan = CyclePlanner.Plan(Input(Overnight, [Row("BTCUSD")], positions: [Position("BTCUSD", 0.5m)], nyseOpen: false), Defaults);

        Assert.Empty(plan.Closes);
        var d = DecisionOf(plan, "BTCUSD");
        Assert.Equal("hold", d.Action);
        Assert.Equal(["not in portfolio, kept while the NYSE is closed (forecast side unchanged)"], d.Reasons);
    }

    [Fact]
    public void Not_in_picks_with_the_NYSE_closed_closes_when_the_forecast_side_flipped()
    {
        var plan = CyclePlanner.Plan(
            Input(Overnight, [Row("BTCUSD", side: OrderSide.Sell)], positions: [Position("BTCUSD", 0.5m)], nyseOpen: false),
            Defaults);

        Assert.Equal([new PlannedClose(Instrument.Infer("BTCUSD"), OrderSide.Buy, 0.5m, "direction_change_to_sell")], plan.Closes);
    }

    [Fact]
    public void A_pick_on_the_other_side_closes_the_position_and_enters_only_at_the_next_cycle()
    {
        var plan = CyclePlanner.Plan(
            Input(MarketOpen, [Row("AAPL", side: OrderSide.Buy)], picks: [Row("AAPL", side: OrderSide.Buy)], positions: [Position("AAPL", -10m)]),
            Defaults);

        Assert.Equal([new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Sell, 10m, "direction_change_to_buy")], plan.Closes);
        Assert.Empty(plan.Entries);
        var d = DecisionOf(plan, "AAPL");
        Assert.Equal("close", d.Action);
        Assert.Equal(["direction_change_to_buy", "enters buy at the next cycle once closed"], d.Reasons);
    }

    [Fact]
    public void Market_close_direction_change_closes_and_no_entry_is_made()
    {
        var pick = Row("MSFT");
        var plan = CyclePlanner.Plan(
            Input(MarketClose, [Row("AAPL", side: OrderSide.Sell), pick], picks: [pick], positions: [Position("AAPL", 10m)]),
            Defaults);

        Assert.Equal([new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Buy, 10m, "direction_change_to_sell")], plan.Closes);
        Assert.Empty(plan.Entries);
        Assert.Empty(plan.ExitRefreshes);
        var msft = DecisionOf(plan, "MSFT");
        Assert.Equal("skip", msft.Action);
        Assert.Equal(["market-close window: closing rules only"], msft.Reasons);
    }

    [Fact]
    public void Market_close_reads_the_entry_strategys_own_return_not_highlows()
    {
        // The new analysis selected highlow (+0.4 %/day) but maxdiff, which opened the maxdiff position, now loses.
        var row = Row("AAPL", StrategyKind.HighLow) with
        {
            AverageReturns = new Dictionary<StrategyKind, double> { [StrategyKind.HighLow] = 0.004, [StrategyKind.MaxDiff] = -0.002 },
        };
        var plan = CyclePlanner.Plan(
            Input(MarketClose, [row, row with { Instrument = Instrument.Infer("MSFT") }], positions: [Position("AAPL", 10m, StrategyKind.MaxDiff), Position("MSFT", 5m, StrategyKind.HighLow)]),
            Defaults);

        Assert.Equal([new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Buy, 10m, "maxdiff_strategy_loss")], plan.Closes);
        var msft = DecisionOf(plan, "MSFT");
        Assert.Equal("hold", msft.Action);
        Assert.Equal(["forecast and strategy still favourable at the close"], msft.Reasons);
    }

    [Fact]
    public void Market_close_keeps_a_maxdiff_position_whose_own_return_is_positive_even_when_highlow_loses()
    {
        var row = Row("AAPL", StrategyKind.HighLow) with
        {
            AverageReturns = new Dictionary<StrategyKind, double> { [StrategyKind.HighLow] = -0.004, [StrategyKind.MaxDiff] = 0.001 },
        };
        var plan = CyclePlanner.Plan(Input(MarketClose, [row], positions: [Position("AAPL", 10m, StrategyKind.MaxDiff)]), Defaults);

        Assert.Empty(plan.Closes);
        Assert.Equal("hold", DecisionOf(plan, "AAPL").Action);
    }

    [Fact]
    public void Market_close_strategy_loss_exempts_probes()
    {
        var row = Row("AAPL", averageReturn: -0.003);
        var settings = new CycleSettings { EnableProbeTrades = true };
        var plan = CyclePlanner.Plan(
            Input(MarketClose, [row, row with { Instrument = Instrument.Infer("MSFT") }], positions: [Position("AAPL", 1m, probe: true), Position("MSFT", 10m)]),
            settings);

        Assert.Equal([new PlannedClose(Instrument.Infer("MSFT"), OrderSide.Buy, 10m, "maxdiff_strategy_loss")], plan.Closes);
    }

    [Fact]
    public void A_probe_older_than_a_day_is_closed_only_when_probes_are_enabled()
    {
        var positions = new[] { Position("AAPL", 1m, age: TimeSpan.FromHours(25), probe: true), Position("MSFT", 1m, age: TimeSpan.FromHours(23), probe: true) };
        var rows = new[] { Row("AAPL"), Row("MSFT") };

        var enabled = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows, positions: positions), new CycleSettings { EnableProbeTrades = true });
        Assert.Equal([new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Buy, 1m, "probe_expired")], enabled.Closes);

        var disabled = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows, positions: positions), new CycleSettings { EnableProbeTrades = false });
        Assert.Empty(disabled.Closes);
    }

    [Fact]
    public void Max_hold_closes_a_position_held_longer_than_its_symbols_limit()
    {
        var settings = new CycleSettings { MaxHold = new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { ["AAPL"] = TimeSpan.FromHours(2), ["MSFT"] = TimeSpan.FromHours(4) } };
        var rows = new[] { Row("AAPL"), Row("MSFT"), Row("NVDA") };
        var positions = new[] { Position("AAPL", 1m, age: TimeSpan.FromHours(3)), Position("MSFT", 1m, age: TimeSpan.FromHours(3)), Position("NVDA", 1m, age: TimeSpan.FromDays(30)) };

        var plan = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows, positions: positions), settings);

        Assert.Equal([new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Buy, 1m, "max_hold")], plan.Closes);
    }

    [Fact]
    public void Crypto_only_windows_leave_equity_positions_alone()
    {
        // The overnight window analyses crypto only; AAPL is not in its scope and would read "not analysed".
        var plan = CyclePlanner.Plan(
            Input(Overnight, [Row("BTCUSD", side: OrderSide.Sell)], positions: [Position("AAPL", 10m), Position("BTCUSD", 0.5m)], nyseOpen: false),
            Defaults);

        Assert.Equal([new PlannedClose(Instrument.Infer("BTCUSD"), OrderSide.Buy, 0.5m, "direction_change_to_sell")], plan.Closes);
        Assert.DoesNotContain(plan.Decisions, d => d.Instrument.Symbol == "AAPL");
    }

    [Fact]
    public void Entries_are_ordered_by_forecasted_pnl_with_consecutive_ranks()
    {
        var rows = new[] { Row("AAPL", forecastedPnl: 0.01), Row("MSFT", forecastedPnl: 0.03), Row("NVDA", forecastedPnl: 0.02), Row("AMZN", forecastedPnl: 0.02) };

        var plan = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows), Defaults);

        // Ties (AMZN, NVDA at 0.02) break by symbol.
        Assert.Equal(
            [("MSFT", 0), ("AMZN", 1), ("NVDA", 2), ("AAPL", 3)],
            plan.Entries.Select(e => (e.Analysis.Instrument.Symbol, e.Rank)));
        var first = plan.Entries[0];
        Assert.Equal(OrderSide.Buy, first.Side);
        Assert.Equal(StrategyKind.MaxDiff, first.Strategy);
        Assert.Equal(99m, first.EntryPrice);
        Assert.Equal(101.5m, first.TakeProfitPrice);
        Assert.False(first.ForceImmediate);
        Assert.False(first.Probe);
        var d = DecisionOf(plan, "MSFT");
        Assert.Equal("enter", d.Action);
        Assert.Equal(["maxdiff buy: forecasted PnL 0.03/day, composite 0.002"], d.Reasons);
    }

    [Theory]
    [InlineData(StrategyKind.MaxDiff, EntryMode.LimitWatcher)]
    [InlineData(StrategyKind.PctDiff, EntryMode.LimitWatcher)]
    [InlineData(StrategyKind.HighLow, EntryMode.LimitWatcher)]
    [InlineData(StrategyKind.MaxDiffAlwaysOn, EntryMode.AlwaysOnPair)]
    [InlineData(StrategyKind.Simple, EntryMode.Ramp)]
    [InlineData(StrategyKind.AllSignals, EntryMode.Ramp)]
    [InlineData(StrategyKind.TakeProfit, EntryMode.Ramp)]
    public void Each_strategy_enters_in_its_mode(StrategyKind strategy, EntryMode mode)
    {
        var row = Row("AAPL", strategy);

        var entry = Assert.Single(CyclePlanner.Plan(Input(MarketOpen, [row], picks: [row]), Defaults).Entries);

        Assert.Equal(mode, entry.Mode);
        Assert.Equal(strategy, entry.Strategy);
    }

    [Fact]
    public void The_two_best_always_on_picks_by_average_return_enter_at_once()
    {
        // Forecast order is AAPL, MSFT, NVDA, AMZN; average-return order of the always-on picks is NVDA, MSFT, AAPL.
        var rows = new[]
        {
            Row("AAPL", StrategyKind.MaxDiffAlwaysOn, forecastedPnl: 0.04, averageReturn: 0.001),
            Row("MSFT", StrategyKind.MaxDiffAlwaysOn, forecastedPnl: 0.03, averageReturn: 0.002),
            Row("NVDA", StrategyKind.MaxDiffAlwaysOn, forecastedPnl: 0.02, averageReturn: 0.003),
            Row("AMZN", StrategyKind.MaxDiff, forecastedPnl: 0.01, averageReturn: 0.009),
        };

        var plan = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows), Defaults);

        Assert.Equal(
            [("AAPL", false), ("MSFT", true), ("NVDA", true), ("AMZN", false)],
            plan.Entries.Select(e => (e.Analysis.Instrument.Symbol, e.ForceImmediate)));
        Assert.Equal(["maxdiffalwayson buy: forecasted PnL 0.03/day, composite 0.002", "enters at once (priority)"], DecisionOf(plan, "MSFT").Reasons);
    }

    [Fact]
    public void The_two_best_crypto_picks_by_forecast_enter_at_once_only_while_the_NYSE_is_closed()
    {
        var rows = new[] { Row("BTCUSD", forecastedPnl: 0.01), Row("ETHUSD", forecastedPnl: 0.03), Row("SOLUSD", forecastedPnl: 0.02) };

        var closed = CyclePlanner.Plan(Input(Overnight, rows, picks: rows, nyseOpen: false), Defaults);
        Assert.Equal(
            [("ETHUSD", true), ("SOLUSD", true), ("BTCUSD", false)],
            closed.Entries.Select(e => (e.Analysis.Instrument.Symbol, e.ForceImmediate)));

        var open = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows, nyseOpen: true), Defaults);
        Assert.All(open.Entries, e => Assert.False(e.ForceImmediate));
    }

    [Fact]
    public void Blocked_picks_are_skipped_with_their_gating_reasons()
    {
        var blocked = Row("MSFT", forecastedPnl: 0.05) with { TradeBlocked = true, GatingReasons = ["loss block: buy maxdiff lost 2 days ago", "spread 80 bps"] };
        var rows = new[] { Row("AAPL", forecastedPnl: 0.01), blocked, Row("NVDA", forecastedPnl: 0.02) };

        var plan = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows), Defaults);

        Assert.Equal([("NVDA", 0), ("AAPL", 1)], plan.Entries.Select(e => (e.Analysis.Instrument.Symbol, e.Rank)));
        var d = DecisionOf(plan, "MSFT");
        Assert.Equal("skip", d.Action);
        Assert.Equal(["blocked: loss block: buy maxdiff lost 2 days ago; spread 80 bps"], d.Reasons);
    }

    [Fact]
    public void A_loss_blocked_pick_names_the_loss_block_which_has_no_gating_reason()
    {
        var lossOnly = Row("MSFT") with { TradeBlocked = true, LossBlocked = true };
        var both = Row("NVDA") with { TradeBlocked = true, LossBlocked = true, GatingReasons = ["spread 80 bps"] };

        var plan = CyclePlanner.Plan(Input(MarketOpen, [lossOnly, both], picks: [lossOnly, both]), Defaults);

        Assert.Empty(plan.Entries);
        Assert.Equal(["blocked: loss block (the last trade of this side and strategy lost)"], DecisionOf(plan, "MSFT").Reasons);
        Assert.Equal(["blocked: spread 80 bps; loss block (the last trade of this side and strategy lost)"], DecisionOf(plan, "NVDA").Reasons);

        // Not picked: the skip reason says the same.
        var unpicked = CyclePlanner.Plan(Input(MarketOpen, [lossOnly]), Defaults);
        Assert.Equal(["blocked: loss block (the last trade of this side and strategy lost)"], DecisionOf(unpicked, "MSFT").Reasons);
    }

    [Fact]
    public void A_same_side_position_is_held_and_not_resized()
    {
        var row = Row("AAPL");

        var plan = CyclePlanner.Plan(Input(MarketOpen, [row], picks: [row], positions: [Position("AAPL", 3m)]), Defaults);

        Assert.Empty(plan.Entries);
        Assert.Empty(plan.Closes);
        var d = DecisionOf(plan, "AAPL");
        Assert.Equal("hold", d.Action);
        Assert.Equal(["in portfolio, forecast on the same side"], d.Reasons);
    }

    [Fact]
    public void A_loss_on_the_same_symbol_and_side_makes_the_next_entry_a_probe_when_probes_are_enabled()
    {
        var rows = new[] { Row("AAPL"), Row("MSFT"), Row("NVDA") };
        var aapl = Instrument.Infer("AAPL");
        var input = Input(MarketOpen, rows, picks: rows) with
        {
            RecentTrades =
            [
                new ClosedTrade(aapl, OrderSide.Buy, StrategyKind.MaxDiff, 10m, 100m, 99m, Now.AddDays(-2), Now.AddDays(-1), -10m, 0m, "max_hold"),

                // MSFT: the newest trade on the buy side won, so an older loss no longer counts.
                new ClosedTrade(Instrument.Infer("MSFT"), OrderSide.Buy, StrategyKind.MaxDiff, 10m, 100m, 99m, Now.AddDays(-3), Now.AddDays(-2), -10m, 0m, "max_hold"),
                new ClosedTrade(Instrument.Infer("MSFT"), OrderSide.Buy, StrategyKind.MaxDiff, 10m, 100m, 101m, Now.AddDays(-2), Now.AddHours(-3), 10m, 0m, "take_profit"),

                // NVDA: the loss was on the other side.
                new ClosedTrade(Instrument.Infer("NVDA"), OrderSide.Sell, StrategyKind.MaxDiff, 10m, 100m, 101m, Now.AddDays(-2), Now.AddHours(-3), -10m, 0m, "max_hold"),
            ],
        };

        var enabled = CyclePlanner.Plan(input, new CycleSettings { EnableProbeTrades = true });
        Assert.Equal([("AAPL", true), ("MSFT", false), ("NVDA", false)], enabled.Entries.Select(e => (e.Analysis.Instrument.Symbol, e.Probe)));

        var disabled = CyclePlanner.Plan(input, new CycleSettings());
        Assert.All(disabled.Entries, e => Assert.False(e.Probe));
    }

    [Fact]
    public void The_kill_switch_halts_entries_but_the_close_rules_still_run()
    {
        var rows = new[] { Row("AAPL"), Row("MSFT") };
        var input = Input(MarketOpen, rows, picks: [rows[0]], positions: [Position("MSFT", 4m)]) with { EntriesHalted = true };

        var plan = CyclePlanner.Plan(input, Defaults);

        Assert.Empty(plan.Entries);
        Assert.Equal([new PlannedClose(Instrument.Infer("MSFT"), OrderSide.Buy, 4m, "not_in_portfolio")], plan.Closes);
        var d = DecisionOf(plan, "AAPL");
        Assert.Equal("skip", d.Action);
        Assert.Equal(["kill switch engaged: no new entries"], d.Reasons);
    }

    [Fact]
    public void Flatten_closes_every_position_even_equities_in_a_crypto_window_and_enters_nothing()
    {
        var rows = new[] { Row("BTCUSD"), Row("ETHUSD") };
        var input = Input(Overnight, rows, picks: rows, positions: [Position("AAPL", 10m), Position("BTCUSD", 0.5m), Position("TSLA", -3m)], nyseOpen: false) with
        {
            Flatten = true,
            EntriesHalted = true,
        };

        var plan = CyclePlanner.Plan(input, Defaults);

        Assert.Equal(
            [
                new PlannedClose(Instrument.Infer("AAPL"), OrderSide.Buy, 10m, "kill_switch_flatten"),
                new PlannedClose(Instrument.Infer("BTCUSD"), OrderSide.Buy, 0.5m, "kill_switch_flatten"),
                new PlannedClose(Instrument.Infer("TSLA"), OrderSide.Sell, 3m, "kill_switch_flatten"),
            ],
            plan.Closes);
        Assert.Empty(plan.Entries);
        Assert.Empty(plan.ExitRefreshes);
    }

    [Fact]
    public void Exit_refresh_only_for_limit_strategies_whose_side_and_strategy_still_match()
    {
        var rows = new[]
        {
            Row("AAPL", StrategyKind.MaxDiff) with { TakeProfitPrice = 105m },
            Row("MSFT", StrategyKind.HighLow),                        // position opened by maxdiff: strategy changed
            Row("NVDA", StrategyKind.Simple),                         // ramp strategy: no take-profit watcher
            Row("AMZN", StrategyKind.PctDiff, OrderSide.Sell) with { TakeProfitPrice = 97m },
            Row("META", StrategyKind.MaxDiff) with { TakeProfitPrice = null },
            Row("GOOG", StrategyKind.MaxDiffAlwaysOn, OrderSide.Sell), // position is long: closed, not refreshed
        };
        var positions = new[]
        {
            Position("AAPL", 10m, StrategyKind.MaxDiff),
            Position("MSFT", 10m, StrategyKind.MaxDiff),
            Position("NVDA", 10m, StrategyKind.Simple),
            Position("AMZN", -10m, StrategyKind.PctDiff),
            Position("META", 10m, StrategyKind.MaxDiff),
            Position("GOOG", 10m, StrategyKind.MaxDiffAlwaysOn),
        };

        var plan = CyclePlanner.Plan(Input(MarketOpen, rows, picks: rows, positions: positions), Defaults);

        Assert.Equal(
            [new PlannedExitRefresh(Instrument.Infer("AAPL"), StrategyKind.MaxDiff, 105m), new PlannedExitRefresh(Instrument.Infer("AMZN"), StrategyKind.PctDiff, 97m)],
            plan.ExitRefreshes);
        Assert.Equal([new PlannedClose(Instrument.Infer("GOOG"), OrderSide.Buy, 10m, "direction_change_to_sell")], plan.Closes);

        // The market-close window only closes: no refresh there.
        Assert.Empty(CyclePlanner.Plan(Input(MarketClose, rows, positions: positions), Defaults).ExitRefreshes);
    }

    [Fact]
    public void Every_analysed_and_every_not_analysed_symbol_gets_one_decision()
    {
        var pick = Row("AAPL");
        var input = Input(MarketOpen, [pick, Row("MSFT"), Skipped("NVDA", "no strategy survived the side rules")], picks: [pick], positions: [Position("TSLA", 2m)]) with
        {
            NotAnalysed = [(Instrument.Infer("AMZN"), "too few bars (120 < 150)")],
        };

        var plan = CyclePlanner.Plan(input, Defaults);

        Assert.Equal(
            [
                ("AAPL", "enter", "maxdiff buy: forecasted PnL 0.01/day, composite 0.002"),
                ("AMZN", "not_analysed", "too few bars (120 < 150)"),
                ("MSFT", "skip", "not in portfolio"),
                ("NVDA", "skip", "no strategy survived the side rules"),
                ("TSLA", "close", "not_in_portfolio"),
            ],
            plan.Decisions.Select(d => (d.Instrument.Symbol, d.Action, Assert.Single(d.Reasons))));
    }
}

using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// The whole bot on the scripted market of <see cref="BotScenario"/> (two NYSE weeks, two equities and BTCUSD): the
/// invariants a user relies on — journaled orders, unique client ids, no crypto short, trade P&amp;L from fills, store
/// and broker agreeing, daily equity, reproducibility and the kill switch.
/// </summary>
public class TradingBotScenarioTests(BotScenarioFixture fixture) : IClassFixture<BotScenarioFixture>
{
    private BotScenario Baseline => fixture.Baseline;

    [Fact]
    public async Task The_scenario_trades_every_instrument_and_closes_trades()
    {
        var fills = await Baseline.Store.GetFillsAsync(Baseline.RunId);
        var trades = await Baseline.Store.GetClosedTradesAsync(DateTimeOffset.MinValue, Baseline.RunId);

        Assert.All(BotScenario.Universe, i => Assert.Contains(fills, f => f.Instrument == i));
        Assert.Contains(fills, f => f.Side == OrderSide.Sell && f.Instrument == BotScenario.Down);
        Assert.True(trades.Count >= 5, $"only {trades.Count} closed trades");

        // 10 NYSE days × 3 market windows + 13 crypto evenings (3–15 March) + 12 overnights (the one of the 15th, at
        // 02:00 UTC on the 16th, is after the end).
        Assert.Equal(55, Baseline.Replay.Cycles);
    }

    [Fact]
    public async Task Every_fill_follows_an_intent_recorded_before_it_under_the_same_client_order_id()
    {
        var fills = await Baseline.Store.GetFillsAsync(Baseline.RunId);

        Assert.Equal(Baseline.BrokerFills, fills);
        foreach (var fill in fills)
        {
            var intent = await Baseline.Store.GetIntentAsync(fill.ClientOrderId);
            Assert.NotNull(intent);
            Assert.True(intent.CreatedAt <= fill.Timestamp, $"{fill.ClientOrderId}: intent at {intent.CreatedAt:O}, fill at {fill.Timestamp:O}");
            Assert.Equal(fill.Instrument, intent.Instrument);
            Assert.Equal(fill.Side, intent.Side);
            Assert.Equal(Baseline.RunId, intent.RunId);
        }
    }

    [Fact]
    public async Task Every_broker_order_has_its_own_client_order_id_and_an_intent()
    {
        var orders = await Baseline.OrdersWithIntentsAsync();

        Assert.NotEmpty(orders);
        Assert.Equal(orders.Count, orders.Select(o => o.Order.ClientOrderId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(orders, o =>
        {
            Assert.NotNull(o.Intent);
            Assert.True(o.Intent.CreatedAt <= o.Order.SubmittedAt);
            Assert.Equal(o.Order.Quantity, o.Intent.Quantity);
            Assert.Equal(o.Order.LimitPrice, o.Intent.LimitPrice);
        });
    }

    [Fact]
    public void Crypto_positions_never_go_negative()
    {
        var quantity = 0m;
        foreach (var fill in Baseline.BrokerFills.Where(f => f.Instrument == BotScenario.Btc))
        {
            quantity += fill.SignedQuantity;
            Assert.True(quantity >= 0, $"BTCUSD at {quantity} after fill {fill.Sequence} ({fill.ClientOrderId})");
        }
    }

    [Fact]
    public async Task Every_closed_trade_is_the_round_trip_of_its_fills()
    {
        var fills = await Baseline.Store.GetFillsAsync(Baseline.RunId);
        var trades = await Baseline.Store.GetClosedTradesAsync(DateTimeOffset.MinValue, Baseline.RunId);

        foreach (var instrument in BotScenario.Universe)
        {
            // Round trips: runs of fills from a flat position back to flat (no fill crosses zero in this scenario).
            var roundTrips = new List<List<Fill>>();
            var current = new List<Fill>();
            var quantity = 0m;
            foreach (var fill in fills.Where(f => f.Instrument == instrument))
            {
                Assert.True(quantity == 0 || Math.Sign(quantity) == Math.Sign(quantity + fill.SignedQuantity) || quantity + fill.SignedQuantity == 0, $"fill {fill.Sequence} crosses zero");
                current.Add(fill);
                quantity += fill.SignedQuantity;
                if (quantity == 0)
                {
                    roundTrips.Add(current);
                    current = [];
                }
            }

            var symbolTrades = trades.Where(t => t.Instrument == instrument).OrderBy(t => t.ClosedAt).ToList();
            Assert.Equal(roundTrips.Count, symbolTrades.Count);
            foreach (var (trip, trade) in roundTrips.Zip(symbolTrades))
            {
                var opening = trip[0].Side;
                var cashFlow = trip.Sum(f => f.Side == OrderSide.Sell ? f.Notional : -f.Notional);
                var fees = trip.Sum(f => f.Fee);
                Assert.Equal(opening, trade.Side);
                Assert.Equal(trip.Where(f => f.Side == opening).Sum(f => f.Quantity), trade.Quantity);
                Assert.Equal(trip[0].Timestamp, trade.OpenedAt);
                Assert.Equal(trip[^1].Timestamp, trade.ClosedAt);
                Assert.Equal(fees, trade.Fees, 12);
                Assert.Equal(cashFlow - fees, trade.RealizedPnl, 12);
            }
        }
    }

    [Fact]
    public async Task A_position_is_opened_by_one_entry_plan_and_never_added_to_by_a_later_one()
    {
        var fills = await Baseline.Store.GetFillsAsync(Baseline.RunId);

        foreach (var instrument in BotScenario.Universe)
        {
            var quantity = 0m;
            string? openingPlan = null;
            foreach (var fill in fills.Where(f => f.Instrument == instrument))
            {
                var plan = fill.ClientOrderId[..fill.ClientOrderId.LastIndexOf('-')];
                var opens = quantity == 0 || Math.Sign(fill.SignedQuantity) == Math.Sign(quantity);
                if (opens)
                {
                    openingPlan ??= plan;
                    Assert.True(plan == openingPlan, $"{instrument.Symbol}: fill {fill.Sequence} of {plan} adds to the position opened by {openingPlan}");
                }

                quantity += fill.SignedQuantity;
                if (quantity == 0)
                {
                    openingPlan = null;
                }
            }
        }
    }

    [Fact]
    public async Task The_pctdiff_short_of_DNCO_closed_on_13_March_checks_by_hand()
    {
        var trades = await Baseline.Store.GetClosedTradesAsync(DateTimeOffset.MinValue, Baseline.RunId);
        var trade = Assert.Single(trades, t => t.Instrument == BotScenario.Down && t.Strategy == Backtesting.Strategies.StrategyKind.PctDiff && UsEastern.DateOf(t.ClosedAt) == new DateOnly(2024, 3, 13));
        var fills = (await Baseline.Store.GetFillsAsync(Baseline.RunId)).Where(f => f.Instrument == BotScenario.Down && f.Timestamp >= trade.OpenedAt && f.Timestamp <= trade.ClosedAt).ToList();

        // Sold 189 at 152.74, bought back 189 at 152.12; fees 0.00278 % of each notional (28 867.86 and 28 750.68).
        Assert.Equal([(OrderSide.Sell, 189m, 152.74m, 0.802526508m), (OrderSide.Buy, 189m, 152.12m, 0.799268904m)], fills.Select(f => (f.Side, f.Quantity, f.Price, f.Fee)));
        Assert.Equal(OrderSide.Sell, trade.Side);
        Assert.Equal("take_profit", trade.Reason);
        Assert.Equal(1.601795412m, trade.Fees);

        // (152.74 − 152.12) × 189 = 117.18 gross, less 1.601795412 of fees.
        Assert.Equal(115.578204588m, trade.RealizedPnl);
    }

    [Fact]
    public async Task The_store_holds_the_brokers_positions_at_the_end()
    {
        var stored = await Baseline.Store.GetPositionsAsync(Baseline.RunId);
        var broker = await Baseline.Broker.GetPositionsAsync();

        Assert.NotEmpty(broker);
        Assert.Equal(
            broker.OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal).Select(p => (p.Instrument.Symbol, p.Quantity, p.AverageEntryPrice)),
            stored.Select(p => (p.Instrument.Symbol, p.Quantity, p.AveragePrice)));
        Assert.Equal(
            stored.Select(p => (p.Instrument.Symbol, p.Quantity)),
            Baseline.Bot.Positions.OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal).Select(p => (p.Instrument.Symbol, p.Quantity)));
    }

    [Fact]
    public async Task Equity_is_recorded_at_every_NYSE_close_of_the_span()
    {
        var curve = await Baseline.Store.GetEquityCurveAsync(Baseline.RunId);
        var closes = new List<DateTimeOffset>();
        for (var date = new DateOnly(2024, 3, 3); date <= new DateOnly(2024, 3, 16); date = date.AddDays(1))
        {
            if (NyseCalendar.Instance.Session(date) is { } session)
            {
                closes.Add(session.Close);
            }
        }

        // The first snapshot is the replay's start (the starting equity); 4–8 March close at 21:00 UTC (EST), 11–15 March
        // at 20:00 UTC (EDT); the last snapshot is the replay's end.
        Assert.Equal(10, closes.Count);
        Assert.Equal(new DateTimeOffset(2024, 3, 8, 21, 0, 0, TimeSpan.Zero), closes[4]);
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 20, 0, 0, TimeSpan.Zero), closes[5]);
        Assert.Equal([BotScenario.Start, .. closes, BotScenario.End], curve.Select(s => s.At));
        Assert.All(curve, s => Assert.Equal(s.Cash + s.MarketValues.Values.Sum(), s.Equity));
    }

    [Fact]
    public async Task Two_runs_with_the_same_inputs_give_the_same_fills()
    {
        using var second = new BotScenario();
        await second.RunAsync();

        var first = await Baseline.Store.GetFillsAsync(Baseline.RunId);
        var again = await second.Store.GetFillsAsync(second.RunId);

        Assert.NotEmpty(first);
        Assert.Equal(
            first.Select(f => (f.Sequence, f.ClientOrderId, f.Quantity, f.Price, f.Fee, f.Timestamp)),
            again.Select(f => (f.Sequence, f.ClientOrderId, f.Quantity, f.Price, f.Fee, f.Timestamp)));
    }

    [Fact]
    public async Task A_stop_file_engaged_mid_run_stops_every_new_entry_order_after_that_instant()
    {
        var engage = new DateTimeOffset(2024, 3, 11, 12, 0, 0, TimeSpan.Zero);
        DateTimeOffset? engagedAt = null;
        using var run = new BotScenario(Baseline.Stage)
        {
            OnStep = (t, s) =>
            {
                if (engagedAt is null && t >= engage)
                {
                    File.WriteAllText(s.KillSwitchPath, "stop\nscenario test\n");
                    engagedAt = t;
                }
            },
        };
        await run.RunAsync();

        Assert.NotNull(engagedAt);
        var orders = await run.OrdersWithIntentsAsync();
        var entries = orders.Where(o => o.Intent!.Purpose is OrderPurpose.Entry or OrderPurpose.Ramp).ToList();
        Assert.Contains(entries, o => o.Order.SubmittedAt < engagedAt);
        Assert.DoesNotContain(entries, o => o.Order.SubmittedAt > engagedAt);

        // Entry orders resting at the instant are cancelled at the next step: none fills after it.
        var nextStep = run.StepInstants.First(t => t > engagedAt);
        var entryIds = entries.Select(o => o.Order.ClientOrderId).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(run.BrokerFills, f => entryIds.Contains(f.ClientOrderId) && f.Timestamp > nextStep);
        Assert.DoesNotContain(entries, o => o.Order.Status.IsOpen());

        var decisions = await run.Store.GetDecisionsAsync(run.RunId);
        Assert.Contains(decisions, d => d.At > engagedAt && d.Reasons.Contains("kill switch engaged: no new entries"));
        Assert.DoesNotContain(decisions, d => d.At > engagedAt && d.Action == DecisionAction.Enter);
    }

    [Fact]
    public async Task A_flatten_file_engaged_mid_run_leaves_no_position_at_the_end()
    {
        var engage = new DateTimeOffset(2024, 3, 12, 16, 0, 0, TimeSpan.Zero);
        DateTimeOffset? engagedAt = null;
        var openAtEngage = 0;
        using var run = new BotScenario(Baseline.Stage)
        {
            OnStep = (t, s) =>
            {
                if (engagedAt is null && t >= engage)
                {
                    File.WriteAllText(s.KillSwitchPath, "flatten\nscenario test\n");
                    engagedAt = t;
                    openAtEngage = s.Bot.Positions.Count;
                }
            },
        };
        await run.RunAsync();

        Assert.True(openAtEngage > 0, "nothing to flatten at the chosen instant");
        Assert.Empty(await run.Broker.GetPositionsAsync());
        Assert.Empty(await run.Store.GetPositionsAsync(run.RunId));
        Assert.Empty(run.Bot.Positions);
        var trades = await run.Store.GetClosedTradesAsync(engagedAt!.Value, run.RunId);
        Assert.Equal(openAtEngage, trades.Count(t => t.Reason == "kill_switch_flatten"));
        var orders = await run.OrdersWithIntentsAsync();
        Assert.DoesNotContain(orders, o => o.Intent!.Purpose is OrderPurpose.Entry or OrderPurpose.Ramp && o.Order.SubmittedAt > engagedAt);
    }
}

using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.State;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.Tests.State;

public sealed class TradingStoreRecordTests : IDisposable
{
    private static readonly DateTimeOffset T0 = StoreFixture.T0;
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);

    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Runs_start_finish_and_the_latest_of_a_mode_is_found()
    {
        var store = await _fixture.OpenAsync();
        var sim1 = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{\"a\":1}", 42);
        var paper = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0.AddHours(1), "{}", null);
        var sim2 = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0.AddHours(2), "{\"a\":2}", 43);

        await store.FinishRunAsync(sim1.Id, RunStatus.Completed, T0.AddHours(3));

        Assert.Equal(sim1 with { Status = RunStatus.Completed, FinishedAt = T0.AddHours(3) }, await store.GetRunAsync(sim1.Id));
        Assert.Equal(sim2, await store.GetLatestRunAsync(TradingMode.Simulate));
        Assert.Equal(paper, await store.GetLatestRunAsync(TradingMode.Paper));
        Assert.Null(paper.Seed);
        Assert.Null(await store.GetLatestRunAsync(TradingMode.Live));
        Assert.Equal(RunStatus.Running, sim2.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.FinishRunAsync(99, RunStatus.Failed, T0));
    }

    [Fact]
    public async Task A_begun_cycle_is_unfinished_until_completed_and_keeps_its_account()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 1);
        var account = new AccountSnapshot { Cash = 1000.50m, Equity = 2500.25m, LastEquity = 2400m, BuyingPower = 5000m, Multiplier = 2m, LongMarketValue = 1499.75m, AsOf = T0 };
        var first = new CycleRecord(run.Id, "2024-03-04/market-open", "market-open", T0, T0.AddSeconds(5), null, CycleStatus.Running, account);
        var second = new CycleRecord(run.Id, "2024-03-04/second-hour", "second-hour", T0.AddHours(1), T0.AddHours(1), null, CycleStatus.Running, null);

        await store.BeginCycleAsync(first);
        Assert.Equal(first, await store.GetUnfinishedCycleAsync(run.Id));

        await store.CompleteCycleAsync(run.Id, first.CycleId, CycleStatus.Completed, T0.AddMinutes(2));
        Assert.Null(await store.GetUnfinishedCycleAsync(run.Id));

        await store.BeginCycleAsync(second);
        Assert.Equal(second, await store.GetUnfinishedCycleAsync(run.Id));
        Assert.Equal(
            [first with { Status = CycleStatus.Completed, FinishedAt = T0.AddMinutes(2) }, second],
            await store.GetCyclesAsync(run.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CompleteCycleAsync(run.Id, "never-begun", CycleStatus.Failed, T0));
    }

    [Fact]
    public async Task Decisions_round_trip_and_are_counted_by_action()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 1);
        await store.BeginCycleAsync(new CycleRecord(run.Id, "c1", "market-open", T0, T0, null, CycleStatus.Running, null));
        DecisionRecord[] decisions =
        [
            new(run.Id, "c1", T0, "AAPL", DecisionAction.Enter, StrategyKind.MaxDiff, OrderSide.Buy, ["edge 0.012 ≥ 0.005"], "{\"close\":101.5}", 0.0123),
            new(run.Id, "c1", T0, "TSLA", DecisionAction.Skip, StrategyKind.Simple, OrderSide.Sell, ["loss block until 2024-03-06", "edge < 0.005"], null, -0.002),
            new(run.Id, "c1", T0, "BTCUSD", DecisionAction.Skip, null, null, [], null, null),
        ];

        await store.RecordDecisionsAsync(decisions);

        var back = await store.GetDecisionsAsync(run.Id, "c1");
        Assert.Equal(3, back.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(decisions[i] with { Reasons = [] }, back[i] with { Reasons = [] });
            Assert.Equal(decisions[i].Reasons, back[i].Reasons);
        }

        var counts = await store.CountDecisionsAsync(run.Id);
        Assert.Equal(2, counts.Count);
        Assert.Equal(1, counts[DecisionAction.Enter]);
        Assert.Equal(2, counts[DecisionAction.Skip]);
    }

    [Fact]
    public async Task A_decision_for_a_cycle_never_begun_is_refused()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 1);

        await Assert.ThrowsAsync<SqliteException>(() => store.RecordDecisionsAsync([new(run.Id, "nope", T0, "AAPL", DecisionAction.Hold, null, null, [], null, null)]));
        Assert.Empty(await store.GetDecisionsAsync(run.Id));
    }

    [Fact]
    public async Task Positions_are_upserted_by_symbol_and_deleted()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0, "{}", null);
        var other = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0, "{}", null);
        var longAapl = new StoredPosition(Aapl, 10m, 180.25m, StrategyKind.MaxDiff, T0);
        var shortBtc = new StoredPosition(Btc, -0.015m, 64000.5m, null, T0.AddHours(1));

        await store.UpsertPositionAsync(run.Id, longAapl);
        await store.UpsertPositionAsync(run.Id, shortBtc);
        await store.UpsertPositionAsync(run.Id, longAapl with { Quantity = 15m, AveragePrice = 181m });
        await store.UpsertPositionAsync(other.Id, longAapl);

        var positions = await store.GetPositionsAsync(run.Id);
        Assert.Equal([longAapl with { Quantity = 15m, AveragePrice = 181m }, shortBtc], positions);
        Assert.Equal(OrderSide.Sell, positions[1].Side);

        await store.DeletePositionAsync(run.Id, "aapl");
        Assert.Equal([shortBtc], await store.GetPositionsAsync(run.Id));
        Assert.Equal([longAapl], await store.GetPositionsAsync(other.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertPositionAsync(run.Id, longAapl with { Quantity = 0m }));
    }

    [Fact]
    public async Task Closed_trades_are_read_since_an_instant_for_one_run_or_all()
    {
        var store = await _fixture.OpenAsync();
        var run1 = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0, "{}", null);
        var run2 = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0.AddDays(1), "{}", null);
        var old = new ClosedTrade(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 10m, 100m, 99m, T0.AddDays(-2), T0.AddDays(-1), -10.5m, 0.5m, "strategy_loss");
        var recent = new ClosedTrade(Btc, OrderSide.Buy, StrategyKind.PctDiff, 0.5m, 60000m, 61000m, T0, T0.AddHours(5), 499.25m, 0.75m, "take-profit");
        var later = new ClosedTrade(Aapl, OrderSide.Sell, StrategyKind.HighLow, 4m, 200m, 190m, T0.AddDays(1), T0.AddDays(1).AddHours(2), 39.9m, 0.1m, "not_in_portfolio");

        await store.RecordClosedTradeAsync(run1.Id, old);
        await store.RecordClosedTradeAsync(run1.Id, recent);
        await store.RecordClosedTradeAsync(run2.Id, later);

        Assert.Equal([old, recent, later], await store.GetClosedTradesAsync(DateTimeOffset.MinValue));
        Assert.Equal([recent, later], await store.GetClosedTradesAsync(T0));
        Assert.Equal([recent], await store.GetClosedTradesAsync(T0, run1.Id));
        Assert.Equal([later], await store.GetClosedTradesAsync(T0.AddHours(5).AddTicks(1)));
    }

    [Fact]
    public async Task Equity_snapshots_come_back_in_time_order_and_replace_at_the_same_instant()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 1);
        var second = new EquitySnapshot(T0.AddDays(1), 500m, 1100.5m, 600.5m, new Dictionary<string, decimal> { ["AAPL"] = 650.5m, ["TSLA"] = -50m });
        var first = new EquitySnapshot(T0, 1000m, 1000m, 0m, new Dictionary<string, decimal>());

        await store.RecordEquityAsync(run.Id, second);
        await store.RecordEquityAsync(run.Id, first);
        await store.RecordEquityAsync(run.Id, first with { Cash = 999m, Equity = 999m });

        var curve = await store.GetEquityCurveAsync(run.Id);
        Assert.Equal(2, curve.Count);
        Assert.Equal((T0, 999m, 999m, 0m), (curve[0].At, curve[0].Cash, curve[0].Equity, curve[0].GrossExposure));
        Assert.Empty(curve[0].MarketValues);
        Assert.Equal((second.At, 500m, 1100.5m, 600.5m), (curve[1].At, curve[1].Cash, curve[1].Equity, curve[1].GrossExposure));
        Assert.Equal(second.MarketValues.OrderBy(p => p.Key), curve[1].MarketValues.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Only_active_watchers_are_loaded_and_saving_again_replaces_by_id()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0, "{}", null);
        var entry = new WatcherState("entry-AAPL-1", "entry", "{\"limit\":180.5}", true);
        var exit = new WatcherState("tp-AAPL-1", "take-profit", "{\"tp\":190}", false);

        await store.SaveWatchersAsync(run.Id, [entry, exit]);
        Assert.Equal([entry], await store.LoadActiveWatchersAsync(run.Id));

        await store.SaveWatchersAsync(run.Id, [entry with { Active = false }, exit with { Active = true, Json = "{\"tp\":191}" }]);
        Assert.Equal([exit with { Active = true, Json = "{\"tp\":191}" }], await store.LoadActiveWatchersAsync(run.Id));
    }

    [Fact]
    public async Task Checkpoints_are_set_overwritten_and_missing_is_null()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 1);

        await store.SetCheckpointAsync(run.Id, "clock", "2024-03-04T14:30:00Z");
        await store.SetCheckpointAsync(run.Id, "clock", "2024-03-05T14:30:00Z");
        await store.SetCheckpointAsync(run.Id, "last_fill_sequence", "17");

        Assert.Equal("2024-03-05T14:30:00Z", await store.GetCheckpointAsync(run.Id, "clock"));
        Assert.Equal("17", await store.GetCheckpointAsync(run.Id, "last_fill_sequence"));
        Assert.Null(await store.GetCheckpointAsync(run.Id, "missing"));
        Assert.Null(await store.GetCheckpointAsync(run.Id + 1, "clock"));
    }

    [Fact]
    public async Task Cycle_metrics_round_trip_and_a_repeated_name_replaces()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 1);
        await store.BeginCycleAsync(new CycleRecord(run.Id, "c1", "market-open", T0, T0, null, CycleStatus.Running, null));

        await store.RecordMetricsAsync(run.Id, "c1", [new("seconds.forecast", 1.25), new("cache.hit_rate", 0.5)]);
        await store.RecordMetricsAsync(run.Id, "c1", [new("cache.hit_rate", 0.75)]);

        Assert.Equal([new CycleMetric("cache.hit_rate", 0.75), new CycleMetric("seconds.forecast", 1.25)], await store.GetMetricsAsync(run.Id, "c1"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.RecordMetricsAsync(run.Id, "c1", [new("bad", double.NaN)]));
    }
}

using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.State;

public sealed class TradingStoreBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = StoreFixture.T0;
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_batch_commits_fills_position_and_trade_together()
    {
        var store = await _fixture.OpenAsync();
        var run = (await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 3)).Id;
        var fill = new Fill(1, "b-1", "k-1", Aapl, OrderSide.Sell, 10m, 190m, 0.1m, T0.AddDays(1));
        var trade = new ClosedTrade(Aapl, OrderSide.Buy, StrategyKind.MaxDiff, 10m, 180m, 190m, T0, T0.AddDays(1), 99.8m, 0.2m, "take-profit");
        await store.UpsertPositionAsync(run, new StoredPosition(Aapl, 10m, 180m, StrategyKind.MaxDiff, T0));

        var changed = await store.WriteBatchAsync(b =>
        {
            b.RecordFills(run, [fill]);
            b.DeletePosition(run, "AAPL");
            b.RecordClosedTrade(run, trade);
            b.SetCheckpoint(run, "last_fill_sequence", "1");
        });

        Assert.Equal(4, changed);
        Assert.Equal([fill], await store.GetFillsAsync(run));
        Assert.Empty(await store.GetPositionsAsync(run));
        Assert.Equal([trade], await store.GetClosedTradesAsync(DateTimeOffset.MinValue, run));
        Assert.Equal("1", await store.GetCheckpointAsync(run, "last_fill_sequence"));
    }

    [Fact]
    public async Task An_exception_while_building_the_batch_writes_nothing()
    {
        var store = await _fixture.OpenAsync();
        var run = (await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 3)).Id;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteBatchAsync(b =>
        {
            b.RecordFills(run, [new Fill(1, "b-1", "k-1", Aapl, OrderSide.Buy, 1m, 1m, 0m, T0)]);
            b.SetCheckpoint(run, "k", "v");
            throw new InvalidOperationException("caller failed half-way");
        }));

        Assert.Empty(await store.GetFillsAsync(run));
        Assert.Null(await store.GetCheckpointAsync(run, "k"));
    }

    [Fact]
    public async Task A_write_failing_inside_the_batch_rolls_back_the_writes_before_it()
    {
        var store = await _fixture.OpenAsync();
        var run = (await store.StartRunAsync(TradingMode.Simulate, "simulated", T0, "{}", 3)).Id;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteBatchAsync(b =>
        {
            b.RecordFills(run, [new Fill(1, "b-1", "k-1", Aapl, OrderSide.Buy, 1m, 1m, 0m, T0)]);
            b.UpsertPosition(run, new StoredPosition(Aapl, 1m, 1m, null, T0));
            b.UpdateOrderStatus(new Order { Id = "b-1", ClientOrderId = "never-recorded", Instrument = Aapl, Status = OrderStatus.Filled });
        }));

        Assert.Empty(await store.GetFillsAsync(run));
        Assert.Empty(await store.GetPositionsAsync(run));
        Assert.Null(await store.GetLastFillSequenceAsync(run));
    }

    [Fact]
    public async Task Everything_written_is_there_after_reopening_the_file()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Live, "alpaca", T0, "{\"x\":1}", null);
        var cycle = new CycleRecord(run.Id, "c1", "market-close", T0, T0, null, CycleStatus.Running, new AccountSnapshot { Cash = 5m, Equity = 5m, AsOf = T0 });
        var intent = OrderIntent.Pending(new OrderRequest("k-9", Aapl, OrderSide.Buy, 2m, OrderType.Limit, 150m, TimeInForce.Day), run.Id, "c1", OrderPurpose.Entry, StrategyKind.TakeProfit, T0);
        var position = new StoredPosition(Aapl, 2m, 150m, StrategyKind.TakeProfit, T0);
        var trade = new ClosedTrade(Aapl, OrderSide.Sell, StrategyKind.Simple, 1m, 10m, 9m, T0, T0, 0.9m, 0.1m, "max_hold");
        var fill = new Fill(7, "b-9", "k-9", Aapl, OrderSide.Buy, 2m, 150m, 0m, T0);
        var watcher = new WatcherState("w-1", "entry", "{}", true);
        await store.WriteBatchAsync(b =>
        {
            b.BeginCycle(cycle);
            b.RecordDecisions([new DecisionRecord(run.Id, "c1", T0, "AAPL", DecisionAction.Enter, StrategyKind.TakeProfit, OrderSide.Buy, ["top pick"], null, 0.5)]);
            b.RecordIntent(intent);
            b.RecordFills(run.Id, [fill]);
            b.UpsertPosition(run.Id, position);
            b.RecordClosedTrade(run.Id, trade);
            b.RecordEquity(run.Id, new EquitySnapshot(T0, 5m, 305m, 300m, new Dictionary<string, decimal> { ["AAPL"] = 300m }));
            b.SaveWatchers(run.Id, [watcher]);
            b.SetCheckpoint(run.Id, "clock", "t");
            b.RecordMetrics(run.Id, "c1", [new CycleMetric("m", 1)]);
        });

        var reopened = await TradingStore.OpenAsync(_fixture.Path, _fixture.Clock);

        Assert.Equal(run, await reopened.GetLatestRunAsync(TradingMode.Live));
        Assert.Equal(cycle, await reopened.GetUnfinishedCycleAsync(run.Id));
        Assert.Equal("top pick", Assert.Single(await reopened.GetDecisionsAsync(run.Id)).Reasons.Single());
        Assert.Equal([intent], await reopened.GetPendingIntentsAsync(run.Id));
        Assert.Equal([fill], await reopened.GetFillsAsync(run.Id));
        Assert.Equal([position], await reopened.GetPositionsAsync(run.Id));
        Assert.Equal([trade], await reopened.GetClosedTradesAsync(T0, run.Id));
        Assert.Equal(305m, Assert.Single(await reopened.GetEquityCurveAsync(run.Id)).Equity);
        Assert.Equal([watcher], await reopened.LoadActiveWatchersAsync(run.Id));
        Assert.Equal("t", await reopened.GetCheckpointAsync(run.Id, "clock"));
        Assert.Equal([new CycleMetric("m", 1)], await reopened.GetMetricsAsync(run.Id, "c1"));
    }
}

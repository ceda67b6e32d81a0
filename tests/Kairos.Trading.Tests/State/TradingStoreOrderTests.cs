using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.State;
using Microsoft.Data.Sqlite;

namespace Kairos.Trading.Tests.State;

public sealed class TradingStoreOrderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = StoreFixture.T0;
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly Instrument Eth = new("ETHUSD", AssetClass.Crypto);

    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task An_intent_is_pending_until_the_broker_acknowledges_it()
    {
        var (store, run) = await OpenWithRunAsync();
        var request = new OrderRequest("k-1-AAPL-buy", Aapl, OrderSide.Buy, 10m, OrderType.Limit, 180.25m, TimeInForce.Gtc);
        var intent = OrderIntent.Pending(request, run, null, OrderPurpose.Entry, StrategyKind.MaxDiff, T0);

        await store.RecordIntentAsync(intent);
        Assert.Equal([intent], await store.GetPendingIntentsAsync(run));
        Assert.Equal(request, (await store.GetIntentAsync("k-1-AAPL-buy"))!.ToRequest());

        await store.MarkSubmittedAsync("k-1-AAPL-buy", "broker-77", OrderStatus.New, T0.AddSeconds(1));

        Assert.Empty(await store.GetPendingIntentsAsync(run));
        var submitted = intent with { State = IntentState.Submitted, BrokerOrderId = "broker-77", BrokerStatus = OrderStatus.New, UpdatedAt = T0.AddSeconds(1) };
        Assert.Equal(submitted, await store.GetIntentAsync("k-1-AAPL-buy"));
        Assert.Equal([submitted], await store.GetOpenIntentsAsync(run));
    }

    [Fact]
    public async Task Broker_reports_move_an_intent_to_closed_and_keep_earlier_fields()
    {
        var (store, run) = await OpenWithRunAsync();
        var intent = OrderIntent.Pending(new OrderRequest("k-2", Eth, OrderSide.Buy, 1.5m, OrderType.Limit, 3000m, TimeInForce.Gtc), run, null, OrderPurpose.Entry, null, T0);
        await store.RecordIntentAsync(intent);
        await store.MarkSubmittedAsync("k-2", "b-2", OrderStatus.New, T0.AddSeconds(1));
        var order = new Order
        {
            Id = "b-2",
            ClientOrderId = "k-2",
            Instrument = Eth,
            Side = OrderSide.Buy,
            Type = OrderType.Limit,
            TimeInForce = TimeInForce.Gtc,
            Quantity = 1.5m,
            LimitPrice = 3000m,
            Status = OrderStatus.PartiallyFilled,
            FilledQuantity = 0.5m,
            AverageFillPrice = 2999.5m,
            UpdatedAt = T0.AddMinutes(5),
        };

        await store.UpdateOrderStatusAsync(order);
        var partial = await store.GetIntentAsync("k-2");
        Assert.Equal((IntentState.Submitted, OrderStatus.PartiallyFilled, 0.5m, 2999.5m), (partial!.State, partial.BrokerStatus, partial.FilledQuantity, partial.AverageFillPrice));

        await store.UpdateOrderStatusAsync(order with { Status = OrderStatus.Filled, FilledQuantity = 1.5m, AverageFillPrice = 2999.8m, UpdatedAt = T0.AddMinutes(9) });

        Assert.Equal(
            intent with
            {
                State = IntentState.Closed,
                BrokerOrderId = "b-2",
                BrokerStatus = OrderStatus.Filled,
                FilledQuantity = 1.5m,
                AverageFillPrice = 2999.8m,
                UpdatedAt = T0.AddMinutes(9),
            },
            await store.GetIntentAsync("k-2"));
        Assert.Empty(await store.GetOpenIntentsAsync(run));
    }

    [Fact]
    public async Task Rejections_are_recorded_with_their_reason()
    {
        var (store, run) = await OpenWithRunAsync();
        await store.RecordIntentAsync(OrderIntent.Pending(new OrderRequest("k-3", Aapl, OrderSide.Sell, 5m, OrderType.Market, null, TimeInForce.Day), run, null, OrderPurpose.Close, StrategyKind.Simple, T0));
        await store.RecordIntentAsync(OrderIntent.Pending(new OrderRequest("k-4", Aapl, OrderSide.Buy, 5m, OrderType.Limit, 99m, TimeInForce.Day), run, null, OrderPurpose.Ramp, null, T0));

        await store.MarkRejectedAsync("k-3", "insufficient buying power", T0.AddSeconds(2));
        await store.UpdateOrderStatusAsync(new Order { Id = "b-4", ClientOrderId = "k-4", Instrument = Aapl, Status = OrderStatus.Rejected, RejectReason = "price band", UpdatedAt = T0.AddSeconds(3) });

        var k3 = await store.GetIntentAsync("k-3");
        var k4 = await store.GetIntentAsync("k-4");
        Assert.Equal((IntentState.Rejected, null, "insufficient buying power", OrderPurpose.Close), (k3!.State, k3.BrokerOrderId, k3.RejectReason, k3.Purpose));
        Assert.Equal((IntentState.Rejected, "b-4", "price band", OrderStatus.Rejected), (k4!.State, k4.BrokerOrderId, k4.RejectReason, k4.BrokerStatus));
        Assert.Empty(await store.GetPendingIntentsAsync(run));
    }

    [Fact]
    public async Task A_client_order_id_is_recorded_once_and_unknown_ids_are_refused()
    {
        var (store, run) = await OpenWithRunAsync();
        var intent = OrderIntent.Pending(new OrderRequest("k-5", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 10m, TimeInForce.Day), run, null, OrderPurpose.Entry, null, T0);
        await store.RecordIntentAsync(intent);

        await Assert.ThrowsAsync<SqliteException>(() => store.RecordIntentAsync(intent));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MarkSubmittedAsync("k-unknown", "b", OrderStatus.New, T0));
        Assert.Contains("k-unknown", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => store.RecordIntentAsync(intent with { ClientOrderId = "k-6", Quantity = 0m }));
    }

    [Fact]
    public async Task Fills_are_recorded_once_per_sequence()
    {
        var (store, run) = await OpenWithRunAsync();
        var f1 = new Fill(1, "b-1", "k-1", Aapl, OrderSide.Buy, 10m, 180.25m, 0.09m, T0);
        var f2 = new Fill(2, "b-2", "k-2", Eth, OrderSide.Sell, 0.125m, 3100.5m, 0.31m, T0.AddMinutes(1));
        var f3 = new Fill(3, "b-1", "k-1", Aapl, OrderSide.Buy, 5m, 180.2m, 0.05m, T0.AddMinutes(2));

        Assert.Equal(2, await store.RecordFillsAsync(run, [f1, f2]));
        Assert.Equal(1, await store.RecordFillsAsync(run, [f1, f2, f3]));
        Assert.Equal(0, await store.RecordFillsAsync(run, [f3 with { Price = 1m }]));

        Assert.Equal([f1, f2, f3], await store.GetFillsAsync(run));
        Assert.Equal(3, await store.GetLastFillSequenceAsync(run));
        Assert.Null(await store.GetLastFillSequenceAsync(run + 1));
    }

    private async Task<(TradingStore Store, long Run)> OpenWithRunAsync()
    {
        var store = await _fixture.OpenAsync();
        var run = await store.StartRunAsync(TradingMode.Paper, "alpaca", T0, "{}", null);
        return (store, run.Id);
    }
}

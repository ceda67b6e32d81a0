using Kairos.Core.Trading;
using Kairos.Trading.Simulation;
using static Kairos.Trading.Tests.Simulation.SimulationFixtures;

namespace Kairos.Trading.Tests.Simulation;

public sealed class SimulatedBrokerPersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kairos-sim-").FullName;

    private static readonly SimulatedMarket TwoDays = Market(
        Series(Aapl, Daily(3, 5, 100, 104, 97, 103, 200), Daily(3, 6, 103, 106, 99, 100, 200), Daily(3, 7, 100, 102, 95, 101, 200)),
        Series(Btc, Daily(3, 5, 100, 110, 90, 105), Daily(3, 6, 105, 108, 96, 97), Daily(3, 7, 97, 101, 92, 99)));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A scripted session: partial fills, a resting order, a short, a day order that expires, crypto fills.
    private static async Task ScriptAsync(SimulatedBroker broker, ManualTime time)
    {
        await broker.SubmitOrderAsync(new OrderRequest("a1", Aapl, OrderSide.Buy, 30m, OrderType.Limit, 99m, TimeInForce.Gtc));
        await broker.SubmitOrderAsync(new OrderRequest("a2", Aapl, OrderSide.Sell, 5m, OrderType.Limit, 103.5m, TimeInForce.Day));
        await broker.SubmitOrderAsync(new OrderRequest("b1", Btc, OrderSide.Buy, 3m, OrderType.Limit, 95m, TimeInForce.Gtc));
        time.Now = Utc(3, 5, 23);
        await broker.SubmitOrderAsync(new OrderRequest("b2", Btc, OrderSide.Sell, 2m, OrderType.Limit, 107m, TimeInForce.Gtc));
        await broker.SubmitOrderAsync(new OrderRequest("a3", Aapl, OrderSide.Sell, 0.5m, OrderType.Market, null, TimeInForce.Day));
    }

    private static async Task ContinueAsync(SimulatedBroker broker, ManualTime time)
    {
        time.Now = Utc(3, 6, 18);
        await broker.SubmitOrderAsync(new OrderRequest("b3", Btc, OrderSide.Buy, 1m, OrderType.Market, null, TimeInForce.Gtc));
        await broker.AdvanceAsync(Utc(3, 7, 22));
    }

    [Fact]
    public async Task A_broker_reopened_from_its_file_has_the_same_state_and_fills_the_same_afterwards()
    {
        var path = Path.Combine(_directory, "sim.db");
        var time = new ManualTime(Utc(3, 5, 14, 30));
        using var first = await SimulatedBroker.OpenAsync(TwoDays, time, await SqliteSimulatedBrokerStore.OpenAsync(path));
        await ScriptAsync(first, time);
        Assert.NotEmpty(first.Ledger);

        var reopenedTime = new ManualTime(time.Now);
        using var second = await SimulatedBroker.OpenAsync(TwoDays, reopenedTime, await SqliteSimulatedBrokerStore.OpenAsync(path));
        AssertSameState(first.Snapshot(), second.Snapshot());

        await ContinueAsync(first, time);
        await ContinueAsync(second, reopenedTime);
        AssertSameState(first.Snapshot(), second.Snapshot());
        Assert.True(first.Ledger.Count > 4);

        // The file written by the second broker's calls restores that later state as well.
        using var third = await SimulatedBroker.OpenAsync(TwoDays, new ManualTime(reopenedTime.Now), await SqliteSimulatedBrokerStore.OpenAsync(path));
        AssertSameState(second.Snapshot(), third.Snapshot());
    }

    [Fact]
    public async Task Every_completed_call_is_on_disk()
    {
        var store = await SqliteSimulatedBrokerStore.OpenAsync(Path.Combine(_directory, "calls.db"));
        var time = new ManualTime(Utc(3, 5, 14, 30));
        using var broker = await SimulatedBroker.OpenAsync(TwoDays, time, store);
        async Task OnDiskAsync() => AssertSameState(broker.Snapshot(), (await store.LoadAsync())!);

        await OnDiskAsync();
        var order = await broker.SubmitOrderAsync(new OrderRequest("a", Aapl, OrderSide.Buy, 30m, OrderType.Limit, 99m, TimeInForce.Gtc));
        await OnDiskAsync();
        await broker.SubmitOrderAsync(new OrderRequest("r", Btc, OrderSide.Sell, 1m, OrderType.Limit, 99m, TimeInForce.Gtc));
        await OnDiskAsync();
        time.Now = Utc(3, 5, 18);
        await broker.GetAccountAsync();
        await OnDiskAsync();
        await broker.CancelOrderAsync(order.Id);
        await OnDiskAsync();
        await broker.AdvanceAsync(Utc(3, 6, 22));
        await OnDiskAsync();
        time.Now = Utc(3, 7, 1);
        await Assert.ThrowsAsync<Brokers.BrokerException>(() => broker.CancelOrderAsync("sim-999999"));
        await OnDiskAsync();
        Assert.Equal(Utc(3, 7, 1), (await store.LoadAsync())!.MarketTime);
    }

    [Fact]
    public async Task Snapshot_and_restore_round_trip_in_memory()
    {
        var time = new ManualTime(Utc(3, 5, 14, 30));
        using var broker = new SimulatedBroker(TwoDays, time);
        await ScriptAsync(broker, time);
        var state = broker.Snapshot();
        using var copy = new SimulatedBroker(TwoDays, new ManualTime(Utc(1, 1, 0)));
        copy.Restore(state);
        AssertSameState(state, copy.Snapshot());
    }

    [Fact]
    public async Task Two_identical_runs_give_identical_fills()
    {
        async Task<IReadOnlyList<SimulatedFill>> RunAsync()
        {
            var time = new ManualTime(Utc(3, 5, 14, 30));
            using var broker = new SimulatedBroker(TwoDays, time);
            await ScriptAsync(broker, time);
            await ContinueAsync(broker, time);
            return [.. broker.Ledger];
        }

        var one = await RunAsync();
        Assert.Equal(one, await RunAsync());
        Assert.Equal(Enumerable.Range(1, one.Count).Select(i => (long)i), one.Select(f => f.Fill.Sequence));
    }

    private static void AssertSameState(SimulatedBrokerState expected, SimulatedBrokerState actual)
    {
        Assert.Equal(expected.MarketTime, actual.MarketTime);
        Assert.Equal(expected.Cash, actual.Cash);
        Assert.Equal(expected.AccruedFinancing, actual.AccruedFinancing);
        Assert.Equal(expected.LastEquity, actual.LastEquity);
        Assert.Equal(expected.NextOrderNumber, actual.NextOrderNumber);
        Assert.Equal(expected.NextFillSequence, actual.NextFillSequence);
        Assert.Equal(expected.Totals, actual.Totals);
        Assert.Equal(expected.Positions, actual.Positions);
        Assert.Equal(expected.Orders, actual.Orders);
        Assert.Equal(expected.Fills, actual.Fills);
        Assert.Equal(expected.VolumeUsed, actual.VolumeUsed);
    }
}

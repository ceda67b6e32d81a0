using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>A restart is a new broker instance on the same fake Alpaca, with orders moved while no process watched.</summary>
public sealed class ReconciliationTests
{
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);

    [Fact]
    public async Task After_a_restart_each_known_order_is_classified_and_strangers_are_listed()
    {
        await using var h = await AlpacaHarness.StartAsync();
        string filledId, partialId, openPartialId;
        using (var before = h.NewBroker())
        {
            filledId = (await before.SubmitOrderAsync(new("k-filled", Aapl, OrderSide.Buy, 4m, OrderType.Limit, 150m, TimeInForce.Gtc))).Id;
            partialId = (await before.SubmitOrderAsync(new("k-partial-cancelled", Btc, OrderSide.Buy, 0.5m, OrderType.Limit, 60000m, TimeInForce.Gtc))).Id;
            openPartialId = (await before.SubmitOrderAsync(new("k-open", Aapl, OrderSide.Buy, 10m, OrderType.Limit, 149m, TimeInForce.Gtc))).Id;
            await before.SubmitOrderAsync(new("k-cancelled", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 140m, TimeInForce.Gtc));
            await before.SubmitOrderAsync(new("someone-else", Aapl, OrderSide.Sell, 1m, OrderType.Limit, 200m, TimeInForce.Gtc));
        }

        // While the bot was down.
        h.Server.Fill(filledId, 4m, 149.75m);
        h.Server.Fill(partialId, 0.2m, 59990m);
        h.Server.Cancel(partialId);
        h.Server.Fill(openPartialId, 3m, 148.5m);
        h.Server.Cancel(h.Server.OrderByClientId("k-cancelled").Id);

        using var after = h.NewBroker();
        var report = await after.ReconcileAsync(["k-filled", "k-partial-cancelled", "k-open", "k-cancelled", "k-never-sent"]);

        Assert.Equal(
            [
                ("k-filled", ReconciledOrderState.Filled),
                ("k-partial-cancelled", ReconciledOrderState.ClosedPartiallyFilled),
                ("k-open", ReconciledOrderState.Open),
                ("k-cancelled", ReconciledOrderState.ClosedUnfilled),
                ("k-never-sent", ReconciledOrderState.Unknown),
            ],
            report.Orders.Select(o => (o.ClientOrderId, o.State)));
        Assert.Null(report.Orders[4].Order);
        Assert.Equal((4m, 149.75m), (report.Orders[0].Order!.FilledQuantity, report.Orders[0].Order!.AverageFillPrice!.Value));
        Assert.Equal(3m, report.Orders[2].Order!.FilledQuantity);
        Assert.Equal(["k-filled", "k-partial-cancelled", "k-open"], report.FilledMeanwhile.Select(o => o.ClientOrderId));
        Assert.Equal(["someone-else"], report.UnknownOpenOrders.Select(o => o.ClientOrderId));

        // Positions from the fills: 4 + 3 AAPL at (4·149.75 + 3·148.5)/7, and 0.2 BTC.
        Assert.Equal(
            [
                new Position(Aapl, 7m, ((4m * 149.75m) + (3m * 148.5m)) / 7m, 148.5m),
                new Position(Btc, 0.2m, 59990m, 59990m),
            ],
            report.Positions);
        Assert.Equal(AlpacaHarness.Start, report.AsOf);
    }

    [Fact]
    public async Task Reconciling_clears_the_reconnect_flag()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { MaxRetries = 0 });
        h.Server.AddFault(new Fakes.FakeFault("GET", "/v2/account", Fakes.FakeFaultKind.ServerError));
        using var broker = h.NewBroker();

        await Assert.ThrowsAsync<AlpacaException>(() => broker.GetAccountAsync());
        Assert.True(broker.NeedsReconciliation);

        await broker.ReconcileAsync([]);

        Assert.False(broker.NeedsReconciliation);
    }
}

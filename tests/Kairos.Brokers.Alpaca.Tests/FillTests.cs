using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>Fills derived from closed orders: exact quantities and prices, sequences that survive a restart.</summary>
public sealed class FillTests
{
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);

    [Fact]
    public void The_sequence_is_the_close_time_in_microseconds_times_16_plus_an_id_hash()
    {
        var at = new DateTimeOffset(2024, 5, 20, 14, 0, 0, TimeSpan.Zero);

        // 2024-05-20T14:00:00Z is 1716213600 s after 1970; FNV-1a of "a" is 0xE40C292C, whose low 4 bits are 12.
        Assert.Equal((1_716_213_600_000_000L * 16) + 12, AlpacaBroker.SequenceOf(at, "a"));
        Assert.True(AlpacaBroker.SequenceOf(at.AddTicks(10), "a") > AlpacaBroker.SequenceOf(at, "zzzz"));
    }

    [Fact]
    public async Task A_closed_order_becomes_one_exact_fill_and_an_open_partial_waits()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        var a = await broker.SubmitOrderAsync(new("a", Aapl, OrderSide.Buy, 3m, OrderType.Limit, 150m, TimeInForce.Gtc));
        var b = await broker.SubmitOrderAsync(new("b", Btc, OrderSide.Buy, 0.5m, OrderType.Limit, 101m, TimeInForce.Gtc));
        var c = await broker.SubmitOrderAsync(new("c", Aapl, OrderSide.Buy, 2m, OrderType.Limit, 140m, TimeInForce.Gtc));
        h.Server.Fill(a.Id, 3m, 149.25m);
        h.Server.Fill(b.Id, 0.3m, 100m);
        h.Server.Fill(b.Id, 0.2m, 101m);
        h.Server.Fill(c.Id, 1m, 139.5m);

        var fills = await broker.GetFillsAsync(0);

        // b filled 0.3 @ 100 and 0.2 @ 101: cumulative 0.5 @ (30 + 20.2) / 0.5 = 100.4. c is still open.
        Assert.Equal(2, fills.Count);
        var fa = h.Server.OrderByClientId("a");
        var fb = h.Server.OrderByClientId("b");
        Assert.Equal(new Fill(AlpacaBroker.SequenceOf(fa.FilledAt!.Value, a.Id), a.Id, "a", Aapl, OrderSide.Buy, 3m, 149.25m, 0m, fa.FilledAt!.Value), fills[0]);
        Assert.Equal(new Fill(AlpacaBroker.SequenceOf(fb.FilledAt!.Value, b.Id), b.Id, "b", Btc, OrderSide.Buy, 0.5m, 100.4m, 0m, fb.FilledAt!.Value), fills[1]);
        Assert.True(fills[0].Sequence < fills[1].Sequence);

        Assert.Empty(await broker.GetFillsAsync(fills[1].Sequence));

        h.Server.Cancel(c.Id);
        var later = await broker.GetFillsAsync(fills[1].Sequence);
        var fc = Assert.Single(later);
        Assert.Equal((c.Id, 1m, 139.5m, h.Server.OrderByClientId("c").CanceledAt!.Value), (fc.OrderId, fc.Quantity, fc.Price, fc.Timestamp));
    }

    [Fact]
    public async Task A_restarted_broker_continues_from_the_stored_mark_without_repeating()
    {
        await using var h = await AlpacaHarness.StartAsync();
        long mark;
        string secondId;
        using (var before = h.NewBroker())
        {
            var first = await before.SubmitOrderAsync(new("first", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 150m, TimeInForce.Gtc));
            secondId = (await before.SubmitOrderAsync(new("second", Aapl, OrderSide.Sell, 1m, OrderType.Limit, 155m, TimeInForce.Gtc))).Id;
            h.Server.Fill(first.Id, 1m, 150m);
            mark = Assert.Single(await before.GetFillsAsync(0)).Sequence;
        }

        // Filled while down; the restarted instance is asked from the mark the bot stored.
        h.Server.Fill(secondId, 1m, 155.5m);
        using var after = h.NewBroker();

        var fills = await after.GetFillsAsync(mark);

        var f = Assert.Single(fills);
        Assert.Equal(("second", OrderSide.Sell, 1m, 155.5m), (f.ClientOrderId, f.Side, f.Quantity, f.Price));
        Assert.True(f.Sequence > mark);

        // The same question asked again of yet another instance gives the same numbering.
        using var again = h.NewBroker();
        Assert.Equal(fills, await again.GetFillsAsync(mark));
    }

    [Fact]
    public async Task A_close_that_becomes_visible_late_is_numbered_above_what_was_handed_out()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        var early = await broker.SubmitOrderAsync(new("early", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 150m, TimeInForce.Gtc));
        var late = await broker.SubmitOrderAsync(new("late", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 150m, TimeInForce.Gtc));
        var t0 = h.Server.Now;
        h.Server.Now = t0.AddSeconds(10);
        h.Server.Fill(early.Id, 1m, 149m);
        var first = Assert.Single(await broker.GetFillsAsync(0));

        // Stamped before the fill already reported, but seen only now.
        h.Server.Now = t0.AddSeconds(5);
        h.Server.Fill(late.Id, 1m, 148m);
        var second = Assert.Single(await broker.GetFillsAsync(first.Sequence));

        Assert.Equal(("late", first.Sequence + 1), (second.ClientOrderId, second.Sequence));
    }

    [Fact]
    public async Task The_scan_of_closed_orders_starts_at_the_oldest_open_order()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        await broker.SubmitOrderAsync(new("resting", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 100m, TimeInForce.Gtc));

        await broker.GetFillsAsync(0);
        await broker.GetFillsAsync(0);

        var scans = h.Server.Requests.Where(r => r.Query.StartsWith("?status=closed", StringComparison.Ordinal)).Select(r => r.Query).ToList();

        // First: 90 days before now (2024-02-20T14:00Z); then 5 min (the clock-skew overlap) before the resting order's
        // submission (14:00:00.000Z).
        Assert.EndsWith("&after=2024-02-20T14%3A00%3A00.000000Z", scans[0], StringComparison.Ordinal);
        Assert.EndsWith("&after=2024-05-20T13%3A55%3A00.000000Z", scans[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_again_from_a_lower_mark_returns_the_fills_again()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        var a = await broker.SubmitOrderAsync(new("a", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 150m, TimeInForce.Gtc));
        var b = await broker.SubmitOrderAsync(new("b", Aapl, OrderSide.Buy, 2m, OrderType.Limit, 150m, TimeInForce.Gtc));
        h.Server.Fill(a.Id, 1m, 149m);
        h.Server.Fill(b.Id, 2m, 148m);

        var all = await broker.GetFillsAsync(0);
        var again = await broker.GetFillsAsync(0);
        var afterFirst = await broker.GetFillsAsync(all[0].Sequence);

        Assert.Equal(["a", "b"], all.Select(f => f.ClientOrderId));
        Assert.Equal(all, again);
        Assert.Equal([all[1]], afterFirst);
    }
}

using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>
/// Fills derived from Alpaca's cumulative order fills: exact quantities and prices, parts of working orders as they fill,
/// sequences and booked parts that survive a restart.
/// </summary>
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
    public async Task A_closed_order_becomes_one_exact_fill_and_a_working_order_reports_each_part_as_it_fills()
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

        // b filled 0.3 @ 100 and 0.2 @ 101 between two scans: cumulative 0.5 @ (30 + 20.2) / 0.5 = 100.4. c is still
        // working with 1 of 2 filled: that part is reported now, at the order's last update.
        Assert.Equal(3, fills.Count);
        var fa = h.Server.OrderByClientId("a");
        var fb = h.Server.OrderByClientId("b");
        Assert.Equal(new Fill(AlpacaBroker.SequenceOf(fa.FilledAt!.Value, a.Id), a.Id, "a", Aapl, OrderSide.Buy, 3m, 149.25m, 0m, fa.FilledAt!.Value), fills[0]);
        Assert.Equal(new Fill(AlpacaBroker.SequenceOf(fb.FilledAt!.Value, b.Id), b.Id, "b", Btc, OrderSide.Buy, 0.5m, 100.4m, 0m, fb.FilledAt!.Value), fills[1]);
        Assert.Equal((c.Id, "c", 1m, 139.5m, h.Server.OrderByClientId("c").UpdatedAt), (fills[2].OrderId, fills[2].ClientOrderId, fills[2].Quantity, fills[2].Price, fills[2].Timestamp));
        Assert.True(fills[0].Sequence < fills[1].Sequence && fills[1].Sequence < fills[2].Sequence);

        Assert.Empty(await broker.GetFillsAsync(fills[2].Sequence));

        // The rest of c fills at 141: the remainder is 1 @ (2 × 140.25 − 139.5) / 1 = 141, once.
        h.Server.Fill(c.Id, 1m, 141m);
        var rest = Assert.Single(await broker.GetFillsAsync(fills[2].Sequence));
        Assert.Equal((c.Id, 1m, 141m, h.Server.OrderByClientId("c").FilledAt!.Value), (rest.OrderId, rest.Quantity, rest.Price, rest.Timestamp));
        Assert.True(rest.Sequence > fills[2].Sequence);
        Assert.Empty(await broker.GetFillsAsync(rest.Sequence));

        // A working order cancelled after a reported part adds nothing when it closes.
        var d = await broker.SubmitOrderAsync(new("d", Aapl, OrderSide.Sell, 3m, OrderType.Limit, 160m, TimeInForce.Day));
        h.Server.Fill(d.Id, 1m, 160m);
        var part = Assert.Single(await broker.GetFillsAsync(rest.Sequence));
        Assert.Equal(("d", 1m, 160m), (part.ClientOrderId, part.Quantity, part.Price));
        h.Server.Cancel(d.Id);
        Assert.Empty(await broker.GetFillsAsync(part.Sequence));
    }

    [Fact]
    public async Task A_restarted_broker_continues_from_the_stored_mark_and_the_booked_parts_without_repeating()
    {
        await using var h = await AlpacaHarness.StartAsync();
        long mark;
        string secondId;
        string thirdId;
        IReadOnlyList<Fill> booked;
        using (var before = h.NewBroker())
        {
            var first = await before.SubmitOrderAsync(new("first", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 150m, TimeInForce.Gtc));
            secondId = (await before.SubmitOrderAsync(new("second", Aapl, OrderSide.Sell, 1m, OrderType.Limit, 155m, TimeInForce.Gtc))).Id;
            thirdId = (await before.SubmitOrderAsync(new("third", Btc, OrderSide.Buy, 1m, OrderType.Limit, 100m, TimeInForce.Gtc))).Id;
            h.Server.Fill(first.Id, 1m, 150m);
            h.Server.Fill(thirdId, 0.4m, 99m);
            booked = await before.GetFillsAsync(0);
            Assert.Equal(["first", "third"], booked.Select(f => f.ClientOrderId));
            mark = booked[^1].Sequence;
        }

        // While down: second fills, and third fills the rest of its quantity at 100.
        h.Server.Fill(secondId, 1m, 155.5m);
        h.Server.Fill(thirdId, 0.6m, 100m);

        // Without what the run booked, a restarted adapter cannot tell third's booked part from its new one.
        using (var blind = h.NewBroker())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => blind.GetFillsAsync(mark));
        }

        using var after = h.NewBroker();
        after.RestoreReportedFills(booked);
        var fills = await after.GetFillsAsync(mark);

        Assert.Equal(
            [("second", OrderSide.Sell, 1m, 155.5m), ("third", OrderSide.Buy, 0.6m, 100m)],
            fills.Select(f => (f.ClientOrderId, f.Side, f.Quantity, f.Price)));
        Assert.All(fills, f => Assert.True(f.Sequence > mark));

        // The same question asked again of yet another restored instance gives the same numbering.
        using var again = h.NewBroker();
        again.RestoreReportedFills(booked);
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

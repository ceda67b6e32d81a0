using System.Text.Json;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>Every Trading API endpoint: the request sent (method, path, query, body, auth) and the mapping of the recorded payload.</summary>
public sealed class TradingEndpointTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    [Fact]
    public async Task Account_maps_every_money_field_exactly()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/account", 200, AlpacaHarness.Fixture("account.json"));
        using var broker = h.NewBroker();

        var account = await broker.GetAccountAsync();

        Assert.Equal(123456789.123456789m, account.Cash);
        Assert.Equal(0.000012345m, account.NonMarginableBuyingPower);
        Assert.Equal(262113.632m, account.BuyingPower);
        Assert.Equal(103820.56m, account.Equity);
        Assert.Equal(102000.1m, account.LastEquity);
        Assert.Equal(2m, account.Multiplier);
        Assert.Equal(5000.5m, account.LongMarketValue);
        Assert.Equal(-1200.25m, account.ShortMarketValue);
        Assert.Equal(AlpacaHarness.Start, account.AsOf);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(("GET", "/v2/account"), (request.Method, request.Path));
        Assert.Equal(AlpacaHarness.KeyId, request.Headers["APCA-API-KEY-ID"]);
        Assert.Equal(AlpacaHarness.SecretKey, request.Headers["APCA-API-SECRET-KEY"]);
    }

    [Fact]
    public async Task Positions_map_symbols_and_signed_quantities()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/positions", 200, AlpacaHarness.Fixture("positions.json"));
        using var broker = h.NewBroker();

        var positions = await broker.GetPositionsAsync();

        Assert.Equal(
            [
                new Position(Aapl, 10m, 187.1m, 190.05m),
                new Position(Btc, 0.012345678m, 60000.5m, 61000.25m),
                new Position(new Instrument("TSLA", AssetClass.Equity), -5m, 200m, 180.5m),
            ],
            positions);
    }

    [Fact]
    public async Task Open_orders_map_states_types_and_time_in_force()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/orders", 200, AlpacaHarness.Fixture("orders_open.json"));
        using var broker = h.NewBroker();

        var orders = await broker.GetOpenOrdersAsync();

        Assert.Equal(3, orders.Count);
        var aapl = orders[0];
        Assert.Equal("0a4b1d7e-1c1f-4a5e-9a7b-1f0c2d3e4a01", aapl.Id);
        Assert.Equal("kairos-AAPL-entry-7", aapl.ClientOrderId);
        Assert.Equal(Aapl, aapl.Instrument);
        Assert.Equal((OrderSide.Buy, OrderType.Limit, TimeInForce.Day), (aapl.Side, aapl.Type, aapl.TimeInForce));
        Assert.Equal((3.654m, 187.10m, 1.25m, 187.0999m), (aapl.Quantity, aapl.LimitPrice!.Value, aapl.FilledQuantity, aapl.AverageFillPrice!.Value));
        Assert.Equal(OrderStatus.PartiallyFilled, aapl.Status);
        Assert.Equal(new DateTimeOffset(2024, 5, 20, 13, 40, 0, 500, TimeSpan.Zero), aapl.SubmittedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 20, 13, 45, 10, 250, TimeSpan.Zero), aapl.UpdatedAt);

        var eth = orders[1];
        Assert.Equal(new Instrument("ETHUSD", AssetClass.Crypto), eth.Instrument);
        Assert.Equal((OrderSide.Sell, TimeInForce.Gtc, OrderStatus.New, 1.5m, 3100.5m), (eth.Side, eth.TimeInForce, eth.Status, eth.Quantity, eth.LimitPrice!.Value));
        Assert.Null(eth.AverageFillPrice);

        var msft = orders[2];
        Assert.Equal((OrderType.Market, OrderStatus.New), (msft.Type, msft.Status));
        Assert.Null(msft.LimitPrice);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("?status=open&limit=500&direction=desc&nested=false", request.Query);
    }

    [Fact]
    public async Task Order_by_client_id_maps_a_filled_crypto_order_and_404_is_null()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/orders:by_client_order_id", 200, AlpacaHarness.Fixture("order_filled.json"));
        using var broker = h.NewBroker();

        var order = await broker.GetOrderByClientIdAsync("kairos-BTCUSD-entry-1");

        Assert.NotNull(order);
        Assert.Equal(Btc, order.Instrument);
        Assert.Equal((OrderStatus.Filled, 0.5m, 0.5m, 61234.56789m, 61300m), (order.Status, order.Quantity, order.FilledQuantity, order.AverageFillPrice!.Value, order.LimitPrice!.Value));
        Assert.Equal("?client_order_id=kairos-BTCUSD-entry-1", h.Server.Requests[0].Query);

        await using var h2 = await AlpacaHarness.StartAsync();
        using var broker2 = h2.NewBroker();
        Assert.Null(await broker2.GetOrderByClientIdAsync("never-placed"));
    }

    [Fact]
    public async Task Submit_sends_the_slash_symbol_string_numbers_and_the_client_id()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new OrderRequest("cid-1", Btc, OrderSide.Buy, 0.0123m, OrderType.Limit, 61000.50m, TimeInForce.Gtc));

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(("POST", "/v2/orders"), (request.Method, request.Path));
        Assert.Equal(
            """{"symbol":"BTC/USD","qty":"0.0123","side":"buy","type":"limit","time_in_force":"gtc","limit_price":"61000.5","client_order_id":"cid-1"}""",
            request.Body);
        Assert.Equal((OrderStatus.New, "cid-1", Btc, 0.0123m), (order.Status, order.ClientOrderId, order.Instrument, order.Quantity));
        Assert.Single(h.Server.Orders);
    }

    [Fact]
    public async Task Submit_of_an_equity_market_order_sends_no_limit_price()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        await broker.SubmitOrderAsync(new OrderRequest("cid-2", Aapl, OrderSide.Sell, 3m, OrderType.Market, null, TimeInForce.Day));

        Assert.Equal("""{"symbol":"AAPL","qty":"3","side":"sell","type":"market","time_in_force":"day","client_order_id":"cid-2"}""", h.Server.Requests[0].Body);
    }

    [Fact]
    public async Task Cancel_deletes_then_reads_the_order_and_a_closed_order_comes_back_unchanged()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        var placed = await broker.SubmitOrderAsync(new OrderRequest("cid-3", Aapl, OrderSide.Buy, 2m, OrderType.Limit, 180m, TimeInForce.Gtc));

        var cancelled = await broker.CancelOrderAsync(placed.Id);

        Assert.Equal(OrderStatus.Canceled, cancelled.Status);
        var requests = h.Server.Requests;
        Assert.Equal(("DELETE", $"/v2/orders/{placed.Id}"), (requests[1].Method, requests[1].Path));
        Assert.Equal(("GET", $"/v2/orders/{placed.Id}"), (requests[2].Method, requests[2].Path));

        var again = await broker.CancelOrderAsync(placed.Id);
        Assert.Equal(OrderStatus.Canceled, again.Status);
    }

    [Fact]
    public async Task Cancel_of_an_unknown_order_throws_a_rejection()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.CancelOrderAsync("nope"));

        Assert.Equal((AlpacaFailureKind.Rejected, 404), (ex.Kind, ex.StatusCode));
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task Replace_patches_and_returns_the_new_order()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        var placed = await broker.SubmitOrderAsync(new OrderRequest("cid-4", Aapl, OrderSide.Buy, 2m, OrderType.Limit, 180m, TimeInForce.Gtc));

        var replacement = await broker.ReplaceOrderAsync(placed.Id, quantity: 3m, limitPrice: 181.25m, newClientOrderId: "cid-4b");

        var patch = h.Server.Requests[1];
        Assert.Equal(("PATCH", $"/v2/orders/{placed.Id}"), (patch.Method, patch.Path));
        Assert.Equal("""{"qty":"3","limit_price":"181.25","client_order_id":"cid-4b"}""", patch.Body);
        Assert.Equal(("cid-4b", 3m, 181.25m, OrderStatus.New), (replacement.ClientOrderId, replacement.Quantity, replacement.LimitPrice!.Value, replacement.Status));
        Assert.NotEqual(placed.Id, replacement.Id);

        var old = await broker.GetOrderByClientIdAsync("cid-4");
        Assert.Equal(OrderStatus.Canceled, old!.Status);
        Assert.Equal($"replaced by {replacement.Id}", old.RejectReason);
    }

    [Fact]
    public async Task Cancel_all_reads_the_multi_status_answer()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("DELETE", "/v2/orders", 207, AlpacaHarness.Fixture("cancel_all.json"));
        using var broker = h.NewBroker();

        var cancelled = await broker.CancelAllOrdersAsync();

        Assert.Equal(["0a4b1d7e-1c1f-4a5e-9a7b-1f0c2d3e4a01"], cancelled);
        Assert.Equal(("DELETE", "/v2/orders"), (h.Server.Requests[0].Method, h.Server.Requests[0].Path));
    }

    [Fact]
    public async Task Close_position_uses_the_position_symbol_form()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetPosition("BTCUSD", "crypto", 0.75m, 60000m, 61000m);
        using var broker = h.NewBroker();

        var order = await broker.ClosePositionAsync(Btc, 0.25m);

        Assert.NotNull(order);
        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(("DELETE", "/v2/positions/BTCUSD", "?qty=0.25"), (request.Method, request.Path, request.Query));
        Assert.Equal((Btc, OrderSide.Sell, 0.25m, OrderType.Market), (order.Instrument, order.Side, order.Quantity, order.Type));

        Assert.Null(await broker.ClosePositionAsync(Aapl));
    }

    [Fact]
    public async Task Clock_keeps_the_new_york_offsets_as_instants()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/clock", 200, AlpacaHarness.Fixture("clock.json"));
        using var broker = h.NewBroker();

        var clock = await broker.GetClockAsync();

        Assert.Equal(new MarketClock(
            new DateTimeOffset(2024, 5, 20, 14, 15, 0, 123, TimeSpan.Zero),
            true,
            new DateTimeOffset(2024, 5, 21, 13, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2024, 5, 20, 20, 0, 0, TimeSpan.Zero)), clock);
    }

    [Fact]
    public async Task Calendar_reads_both_wall_clock_forms_and_early_closes()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/calendar", 200, AlpacaHarness.Fixture("calendar.json"));
        using var broker = h.NewBroker();

        var days = await broker.GetCalendarAsync(new DateOnly(2024, 11, 27), new DateOnly(2024, 11, 29));

        Assert.Equal("?start=2024-11-27&end=2024-11-29", h.Server.Requests[0].Query);

        // November: New York is UTC−5.
        Assert.Equal(
            [
                new AlpacaCalendarDay(new DateOnly(2024, 11, 27), At(27, 14, 30), At(27, 21, 0), At(27, 9, 0), At(28, 1, 0)),
                new AlpacaCalendarDay(new DateOnly(2024, 11, 29), At(29, 14, 30), At(29, 18, 0), At(29, 9, 0), At(30, 1, 0)),
            ],
            days);

        static DateTimeOffset At(int day, int hour, int minute) => new(2024, 11, day, hour, minute, 0, TimeSpan.Zero);
    }

    [Fact]
    public async Task Assets_map_sizing_fields_and_use_the_slash_form()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/assets/BTC/USD", 200, AlpacaHarness.Fixture("asset_btcusd.json"));
        h.Server.SetCanned("GET", "/v2/assets/AAPL", 200, AlpacaHarness.Fixture("asset_aapl.json"));
        using var broker = h.NewBroker();

        var btc = await broker.GetAssetAsync(Btc);
        var aapl = await broker.GetAssetAsync(Aapl);
        var unknown = await broker.GetAssetAsync(new Instrument("ZZZZ", AssetClass.Equity));

        Assert.Equal(
            new AlpacaAsset(Btc, "276e2673-764b-4ab6-a611-caf665ca6340", "Bitcoin  / US Dollar", "CRYPTO", "active", true, true, false, false, false, 0.000027m, 0.000000001m, 1m),
            btc);
        Assert.True(btc!.IsActive);
        Assert.Equal((true, true, true, true), (aapl!.Tradable, aapl.Fractionable, aapl.Shortable, aapl.EasyToBorrow));
        Assert.Null(aapl.MinOrderSize);
        Assert.Null(unknown);
        Assert.Equal("/v2/assets/BTC/USD", h.Server.Requests[0].Path);
    }

    [Fact]
    public async Task List_orders_passes_status_and_limit()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        await broker.SubmitOrderAsync(new OrderRequest("a", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 100m, TimeInForce.Gtc));
        var b = await broker.SubmitOrderAsync(new OrderRequest("b", Aapl, OrderSide.Buy, 1m, OrderType.Limit, 100m, TimeInForce.Gtc));
        h.Server.Fill(b.Id, 1m, 99.5m);

        var closed = await broker.ListOrdersAsync(AlpacaOrderQueryStatus.Closed, 10);
        var all = await broker.ListOrdersAsync(AlpacaOrderQueryStatus.All, 10);

        Assert.Equal(["b"], closed.Select(o => o.ClientOrderId));
        Assert.Equal(["b", "a"], all.Select(o => o.ClientOrderId));
        Assert.Equal("?status=closed&limit=10&direction=desc&nested=false", h.Server.Requests[2].Query);
    }

    [Fact]
    public async Task Name_says_paper()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();

        Assert.Equal("alpaca-paper", broker.Name);
    }

    [Fact]
    public void Fixtures_are_valid_json()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            Assert.NotEqual(JsonValueKind.Undefined, doc.RootElement.ValueKind);
        }
    }
}

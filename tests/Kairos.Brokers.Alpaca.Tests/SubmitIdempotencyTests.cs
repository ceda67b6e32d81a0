using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>A retried submit never creates a second order: after a timeout or 5xx the order is looked up by client id first.</summary>
public sealed class SubmitIdempotencyTests
{
    private static readonly OrderRequest Request = new("kairos-AAPL-entry-42", new Instrument("AAPL", AssetClass.Equity), OrderSide.Buy, 5m, OrderType.Limit, 150m, TimeInForce.Gtc);

    private static Task<AlpacaHarness> ShortTimeout() => AlpacaHarness.StartAsync(o => o with { RequestTimeout = TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task A_timeout_after_alpaca_accepted_finds_the_order_and_places_no_second_one()
    {
        await using var h = await ShortTimeout();
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.AcceptThenHang));
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(Request);

        var placed = Assert.Single(h.Server.Orders);
        Assert.Equal((placed.Id, "kairos-AAPL-entry-42", OrderStatus.New), (order.Id, order.ClientOrderId, order.Status));
        Assert.Equal(["POST /v2/orders", "GET /v2/orders:by_client_order_id"], h.Server.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task A_server_error_after_alpaca_accepted_finds_the_order()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.AcceptThenServerError));
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(Request);

        Assert.Equal(Assert.Single(h.Server.Orders).Id, order.Id);
        Assert.Equal(2, h.Server.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_before_acceptance_resubmits_once_after_looking()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.ServerError));
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(Request);

        Assert.Equal(Assert.Single(h.Server.Orders).Id, order.Id);
        Assert.Equal(["POST", "GET", "POST"], h.Server.Requests.Select(r => r.Method));

        // One backoff between the lookup and the resubmit: 200 ms · (0.5 + 0.5 · 0.39908) = 139.9 ms, floored.
        Assert.Equal([TimeSpan.FromMilliseconds(139)], h.Time.Delays);
    }

    [Fact]
    public async Task A_hang_before_acceptance_resubmits_and_still_places_one_order()
    {
        await using var h = await ShortTimeout();
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.Hang));
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(Request);

        Assert.Equal(Assert.Single(h.Server.Orders).Id, order.Id);
        Assert.Equal(["POST", "GET", "POST"], h.Server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_duplicate_client_id_returns_the_existing_order_unchanged()
    {
        await using var h = await AlpacaHarness.StartAsync();
        using var broker = h.NewBroker();
        var first = await broker.SubmitOrderAsync(Request);
        h.Server.Fill(first.Id, 2m, 149.5m);

        var second = await broker.SubmitOrderAsync(Request with { Quantity = 7m });

        Assert.Single(h.Server.Orders);
        Assert.Equal((first.Id, 5m, 2m, OrderStatus.PartiallyFilled), (second.Id, second.Quantity, second.FilledQuantity, second.Status));
        Assert.Equal(["POST", "POST", "GET"], h.Server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Failures_beyond_the_retry_budget_throw_and_mark_the_broker_for_reconciliation()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { MaxRetries = 2 });
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.ServerError, Count: 10));
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.SubmitOrderAsync(Request));

        Assert.Equal(AlpacaFailureKind.Retryable, ex.Kind);
        Assert.Empty(h.Server.Orders);
        Assert.Equal(["POST", "GET", "POST", "GET", "POST", "GET"], h.Server.Requests.Select(r => r.Method));
        Assert.True(broker.NeedsReconciliation);
    }

    [Fact]
    public async Task A_429_that_outlives_the_retries_is_thrown_without_a_second_round()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { MaxRetries = 1 });
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.RateLimited, Count: 5) { RetryAfterSeconds = 2 });
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.SubmitOrderAsync(Request));

        Assert.Equal((AlpacaFailureKind.Retryable, 429), (ex.Kind, ex.StatusCode));
        Assert.Equal(["POST", "POST"], h.Server.Requests.Select(r => r.Method));
        Assert.Equal([TimeSpan.FromSeconds(2)], h.Time.Delays);
        Assert.Empty(h.Server.Orders);
    }
}

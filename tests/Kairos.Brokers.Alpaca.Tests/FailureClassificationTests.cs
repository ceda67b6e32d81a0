using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Trading.Brokers;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>Each failure class, its retries and their delays (on the manual clock, so no wall-clock sleeping).</summary>
public sealed class FailureClassificationTests
{
    [Fact]
    public async Task Server_errors_are_retried_with_growing_jittered_backoff()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("GET", "/v2/account", FakeFaultKind.ServerError, Count: 3));
        using var broker = h.NewBroker();

        var account = await broker.GetAccountAsync();

        Assert.Equal(100_000m, account.Cash);
        Assert.Equal(4, h.Server.Requests.Count);

        // Steps 200, 400, 800 ms, each scaled by 0.5 + 0.5·u and floored to ms; Random(1234) draws u = 0.39908…,
        // 0.89590…, 0.31920…: 200·0.69954 = 139.9, 400·0.94794 = 379.2, 800·0.65960 = 527.7.
        Assert.Equal([TimeSpan.FromMilliseconds(139), TimeSpan.FromMilliseconds(379), TimeSpan.FromMilliseconds(527)], h.Time.Delays);
        var jitter = new Random(AlpacaHarness.Seed);
        Assert.Equal([0.39908, 0.89590, 0.31920], [Math.Round(jitter.NextDouble(), 5), Math.Round(jitter.NextDouble(), 5), Math.Round(jitter.NextDouble(), 5)]);
        Assert.True(broker.NeedsReconciliation is false);
    }

    [Fact]
    public async Task Retries_stop_after_the_budget_with_a_retryable_exception()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { MaxRetries = 2 });
        h.Server.AddFault(new FakeFault("GET", "/v2/positions", FakeFaultKind.ServerError, Count: 10));
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.GetPositionsAsync());

        Assert.Equal((AlpacaFailureKind.Retryable, 500, 50010000), (ex.Kind, ex.StatusCode, ex.AlpacaCode));
        Assert.True(ex.IsRetryable);
        Assert.IsAssignableFrom<BrokerException>(ex);
        Assert.Equal(3, h.Server.Requests.Count);
        Assert.True(broker.NeedsReconciliation);
    }

    [Fact]
    public async Task A_429_waits_for_retry_after()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("GET", "/v2/account", FakeFaultKind.RateLimited) { RetryAfterSeconds = 7 });
        using var broker = h.NewBroker();

        await broker.GetAccountAsync();

        Assert.Equal([TimeSpan.FromSeconds(7)], h.Time.Delays);
        Assert.Equal(2, h.Server.Requests.Count);
    }

    [Fact]
    public async Task A_429_without_retry_after_waits_until_the_rate_limit_reset()
    {
        await using var h = await AlpacaHarness.StartAsync();
        var reset = AlpacaHarness.Start.AddSeconds(12).ToUnixTimeSeconds();
        h.Server.AddFault(new FakeFault("GET", "/v2/account", FakeFaultKind.RateLimited) { RateLimitReset = reset });
        using var broker = h.NewBroker();

        await broker.GetAccountAsync();

        // The reset is 12 s after the harness start; the limiter pause and the retry wait together reach it exactly once.
        Assert.Equal(TimeSpan.FromSeconds(12), h.Time.Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        Assert.Equal(AlpacaHarness.Start.AddSeconds(12), h.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_post_is_retried_after_a_429_because_alpaca_did_not_act_on_it()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("POST", "/v2/orders", FakeFaultKind.RateLimited) { RetryAfterSeconds = 1 });
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("cid-429", new("AAPL", Kairos.Core.AssetClass.Equity), Kairos.Core.Trading.OrderSide.Buy, 1m, Kairos.Core.Trading.OrderType.Limit, 10m, Kairos.Core.Trading.TimeInForce.Gtc));

        Assert.Equal(Kairos.Core.Trading.OrderStatus.New, order.Status);
        Assert.Equal(["POST", "POST"], h.Server.Requests.Select(r => r.Method));
        Assert.Single(h.Server.Orders);
    }

    [Fact]
    public async Task A_timeout_is_retryable_and_retried()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { RequestTimeout = TimeSpan.FromSeconds(1) });
        h.Server.AddFault(new FakeFault("GET", "/v2/clock", FakeFaultKind.Hang));
        using var broker = h.NewBroker();

        var clock = await broker.GetClockAsync();

        Assert.True(clock.IsOpen);
        Assert.Equal(2, h.Server.Requests.Count);
        Assert.Contains("alpaca GET /v2/clock -> timeout attempt 1", h.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_is_fatal_and_not_retried()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("GET", "/v2/account", FakeFaultKind.Unauthorized));
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.GetAccountAsync());

        Assert.Equal((AlpacaFailureKind.Fatal, 401, 40110000), (ex.Kind, ex.StatusCode, ex.AlpacaCode));
        Assert.False(ex.IsRetryable);
        Assert.Contains("request is not authorized", ex.Message, StringComparison.Ordinal);
        Assert.Single(h.Server.Requests);
        Assert.Empty(h.Time.Delays);
    }

    [Fact]
    public async Task A_403_without_insufficient_funds_is_fatal()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/account", 403, """{"code":40310000,"message":"forbidden"}""");
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.GetAccountAsync());

        Assert.Equal((AlpacaFailureKind.Fatal, 403), (ex.Kind, ex.StatusCode));
    }

    [Fact]
    public async Task A_4xx_is_a_rejection_with_alpacas_message_and_not_retried()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/calendar", 400, """{"code":40010000,"message":"invalid start date"}""");
        using var broker = h.NewBroker();

        var ex = await Assert.ThrowsAsync<AlpacaException>(() => broker.GetCalendarAsync(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 2)));

        Assert.Equal((AlpacaFailureKind.Rejected, 400, 40010000, "invalid start date"), (ex.Kind, ex.StatusCode, ex.AlpacaCode, ex.Message));
        Assert.Single(h.Server.Requests);
    }

    [Fact]
    public async Task An_order_rejection_comes_back_as_a_rejected_order_with_alpacas_words()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("POST", "/v2/orders", 422, """{"code":40010001,"message":"qty must be \u003e 0"}""");
        using var broker = h.NewBroker();

        var order = await broker.SubmitOrderAsync(new("cid-bad", new("AAPL", Kairos.Core.AssetClass.Equity), Kairos.Core.Trading.OrderSide.Buy, 1m, Kairos.Core.Trading.OrderType.Limit, 10m, Kairos.Core.Trading.TimeInForce.Gtc));

        Assert.Equal((Kairos.Core.Trading.OrderStatus.Rejected, "qty must be > 0"), (order.Status, order.RejectReason));
        Assert.Single(h.Server.Requests);
    }

    [Fact]
    public async Task The_log_has_one_line_per_attempt()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.AddFault(new FakeFault("GET", "/v2/account", FakeFaultKind.ServerError));
        using var broker = h.NewBroker();

        await broker.GetAccountAsync();

        var lines = h.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("alpaca GET /v2/account -> 500 attempt 1 ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("alpaca GET /v2/account -> 200 attempt 2 ", lines[1], StringComparison.Ordinal);
    }
}

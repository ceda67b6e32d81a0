namespace Kairos.Brokers.Alpaca.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_limiter_never_grants_more_than_the_budget_in_any_minute()
    {
        var time = new ManualTimeProvider(AlpacaHarness.Start);
        using var limiter = new RequestRateLimiter(190, time);
        var grants = new List<DateTimeOffset>();

        for (var i = 0; i < 500; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
            grants.Add(time.GetUtcNow());
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Sliding check: for every grant, the grants in the minute ending at it.
        var worst = grants.Max(g => grants.Count(x => x > g - TimeSpan.FromMinutes(1) && x <= g));
        Assert.Equal(190, worst);

        // 500 grants at 190 per minute need two full windows of waiting: grant 191 at 60 s, grant 381 at 120 s.
        Assert.Equal(AlpacaHarness.Start + TimeSpan.FromMinutes(1), grants[190]);
        Assert.Equal(AlpacaHarness.Start + TimeSpan.FromMinutes(2), grants[380]);
    }

    [Fact]
    public async Task Concurrent_callers_share_the_budget()
    {
        var time = new ManualTimeProvider(AlpacaHarness.Start);
        using var limiter = new RequestRateLimiter(10, time);

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => limiter.WaitAsync(CancellationToken.None)));

        // Only the limiter's waits move this clock: grants 1–10 at 0 s, 11–20 at 60 s, 21–25 at 120 s, so exactly two
        // one-minute waits happened, whatever the interleaving of the 25 callers.
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)], time.Delays);
        Assert.Equal(AlpacaHarness.Start + TimeSpan.FromMinutes(2), time.GetUtcNow());
    }

    [Fact]
    public async Task A_server_reset_pauses_every_grant_until_it()
    {
        var time = new ManualTimeProvider(AlpacaHarness.Start);
        using var limiter = new RequestRateLimiter(190, time);

        limiter.PauseUntil(AlpacaHarness.Start.AddSeconds(30));
        await limiter.WaitAsync(CancellationToken.None);

        Assert.Equal(AlpacaHarness.Start.AddSeconds(30), time.GetUtcNow());
    }

    [Fact]
    public async Task Requests_through_the_client_stay_within_the_budget_per_simulated_minute()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { MaxRequestsPerMinute = 20 });
        using var broker = h.NewBroker();
        var at = new List<DateTimeOffset>();

        for (var i = 0; i < 45; i++)
        {
            await broker.GetClockAsync();
            at.Add(h.Time.GetUtcNow());
        }

        Assert.Equal(45, h.Server.Requests.Count);
        var byMinute = at.GroupBy(t => (t - AlpacaHarness.Start).Ticks / TimeSpan.TicksPerMinute).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        Assert.Equal([20, 20, 5], byMinute);
    }

    [Fact]
    public async Task Trading_and_market_data_have_separate_budgets()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { MaxRequestsPerMinute = 2 });
        using var broker = h.NewBroker();
        var data = h.NewMarketData();

        await broker.GetClockAsync();
        await broker.GetClockAsync();
        await data.GetLatestQuoteAsync(new Kairos.Core.Instrument("AAPL", Kairos.Core.AssetClass.Equity));
        await broker.GetQuoteAsync(new Kairos.Core.Instrument("AAPL", Kairos.Core.AssetClass.Equity));
        Assert.Empty(h.Time.Delays);

        await broker.GetClockAsync();
        Assert.Equal([TimeSpan.FromMinutes(1)], h.Time.Delays);
    }
}

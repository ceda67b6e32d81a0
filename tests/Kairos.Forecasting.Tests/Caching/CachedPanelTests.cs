using Kairos.Core;
using Kairos.Forecasting.Caching;

namespace Kairos.Forecasting.Tests.Caching;

/// <summary>The cache behind <see cref="ForecastPanel.Build"/>, and the daily partial-bar rule.</summary>
public sealed class CachedPanelTests
{
    private sealed class CountingForecaster : IForecaster
    {
        private readonly BaselineForecaster _inner = new();

        public string Identity => _inner.Identity;

        public int ContextLength => _inner.ContextLength;

        public int MinimumHistory => _inner.MinimumHistory;

        public int Windows { get; private set; }

        public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
        {
            Windows += decisionIndices.Length;
            _inner.Forecast(series, decisionIndices, forecasts, cancellationToken);
        }
    }

    [Fact]
    public async Task A_restarted_panel_build_computes_nothing_and_the_next_day_one_window()
    {
        using var scratch = CacheFixtures.Scratch();
        var options = new ForecastCacheOptions { Path = scratch.File("forecasts.db") };

        // Long after the last bar's session: every window is completed.
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var s = CacheFixtures.Series(80);
        var f = new CountingForecaster();
        ForecastPanel first;
        using (var cache = await ForecastCache.OpenAsync(options, clock))
        {
            first = ForecastPanel.Build(s, f, 30, 79, cache);
            Assert.Equal(50, first.Computed);
            Assert.Equal(new ForecastCacheStatistics(0, 0, 50, 0, 0, 50, 50 * ForecastCache.EntryBytes), cache.Statistics);
        }

        using var restarted = await ForecastCache.OpenAsync(options, clock);
        var again = ForecastPanel.Build(s, f, 30, 79, restarted);
        Assert.Equal(0, again.Computed);
        for (var t = 30; t <= 79; t++)
        {
            Assert.Equal(first[t], again[t]);
        }

        var nextDay = ForecastPanel.Build(CacheFixtures.Series(81), f, 31, 80, restarted);
        Assert.Equal(1, nextDay.Computed);
        Assert.Equal(51, f.Windows);
        Assert.Equal(new ForecastCacheStatistics(99, 50, 1, 0, 0, 51, 51 * ForecastCache.EntryBytes), restarted.Statistics);
    }

    [Fact]
    public async Task A_window_ending_with_the_forming_bar_expires_and_is_forecast_again()
    {
        // Equity bars from 2024-01-02; bar 79 is dated 2024-03-21 (a Thursday), whose NYSE session closes at 20:00 UTC (16:00 EDT).
        var s = CacheFixtures.Series(80);
        Assert.Equal(new DateOnly(2024, 3, 21), s[79].Date);
        var clock = new ManualClock(new DateTimeOffset(2024, 3, 21, 18, 0, 0, TimeSpan.Zero));
        var f = new CountingForecaster();
        using var cache = await ForecastCache.OpenAsync(new ForecastCacheOptions(), clock);
        Assert.Equal(10, ForecastPanel.Build(s, f, 70, 79, cache).Computed);

        clock.Now = clock.Now.AddSeconds(299);
        Assert.Equal(0, ForecastPanel.Build(s, f, 70, 79, cache).Computed);

        // Only the forming bar's window (decision 79) outlived its TTL; the nine completed ones are still served.
        clock.Now = clock.Now.AddSeconds(1);
        Assert.Equal(1, ForecastPanel.Build(s, f, 70, 79, cache).Computed);
        Assert.Equal(1, cache.Statistics.Expired);
    }

    [Theory]
    [InlineData("AAA", "2024-01-02T20:59:59Z", true)]
    [InlineData("AAA", "2024-01-02T21:00:00Z", false)]
    [InlineData("BTCUSD", "2024-01-02T23:59:59Z", true)]
    [InlineData("BTCUSD", "2024-01-03T00:00:00Z", false)]
    public void A_daily_bar_is_forming_until_its_session_closes(string symbol, string now, bool forming)
    {
        // 2024-01-02 is a Tuesday; NYSE closes at 16:00 EST = 21:00 UTC, the crypto day at UTC midnight.
        var s = CacheFixtures.Series(1, symbol);
        Assert.Equal(forming, ForecastCache.EndsWithFormingDailyBar(s, 0, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }
}

using Kairos.Trading.Prediction;

namespace Kairos.Trading.Tests.Prediction;

public class ForecastFreshnessTests
{
    private static readonly DateTimeOffset Made = new(2026, 3, 6, 14, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(45);

    [Fact]
    public void A_forecast_exactly_at_its_limit_may_still_trade()
    {
        var verdict = ForecastFreshness.Check(Made, Made.AddMinutes(45), Limit);
        Assert.Equal(new FreshnessVerdict(true, TimeSpan.FromMinutes(45), null), verdict);
        Assert.Equal("forecast age 45 min", ForecastFreshness.Describe(verdict));
    }

    [Fact]
    public void A_forecast_made_this_instant_is_fresh()
    {
        Assert.Equal(new FreshnessVerdict(true, TimeSpan.Zero, null), ForecastFreshness.Check(Made, Made, Limit));
    }

    [Fact]
    public void A_forecast_one_second_over_its_limit_is_refused()
    {
        var (fresh, age, reason) = ForecastFreshness.Check(Made, Made.AddMinutes(45).AddSeconds(1), Limit);
        Assert.False(fresh);
        Assert.Equal(TimeSpan.FromSeconds(2701), age);
        Assert.Equal("forecast 45.02 min old > 45 min limit", reason);
    }

    [Fact]
    public void A_forecast_dated_after_now_is_refused()
    {
        var verdict = ForecastFreshness.Check(Made.AddMinutes(2), Made, Limit);
        Assert.False(verdict.Fresh);
        Assert.Equal(TimeSpan.FromMinutes(-2), verdict.Age);
        Assert.Equal("forecast dated 2 min after now", ForecastFreshness.Describe(verdict));
    }

    [Fact]
    public void The_limit_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastFreshness.Check(Made, Made, TimeSpan.Zero));
    }
}

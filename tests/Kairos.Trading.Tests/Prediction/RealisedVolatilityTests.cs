using Kairos.Trading.Prediction;

namespace Kairos.Trading.Tests.Prediction;

public class RealisedVolatilityTests
{
    // Returns +10 %, −10 %, +10 %: mean 1/30, deviations 2/30, −4/30, 2/30, sample variance (24/900)/2 = 1/75.
    private static readonly double[] Closes = [100, 110, 99, 108.9];

    [Fact]
    public void Sample_standard_deviation_of_simple_returns()
    {
        Assert.Equal(Math.Sqrt(1.0 / 75), RealisedVolatility.Daily(Closes)!.Value, 12);
    }

    [Fact]
    public void Only_the_last_window_returns_count()
    {
        // −10 %, +10 %: mean 0, variance (0.01 + 0.01) / 1.
        Assert.Equal(Math.Sqrt(0.02), RealisedVolatility.Daily(Closes, window: 2)!.Value, 12);
    }

    [Fact]
    public void Too_little_or_broken_history_gives_no_volatility()
    {
        Assert.Null(RealisedVolatility.Daily([100, 110]));
        Assert.Null(RealisedVolatility.Daily([]));
        Assert.Null(RealisedVolatility.Daily([100, 0, 99, 108.9]));
        Assert.NotNull(RealisedVolatility.Daily([0, 100, 110, 99], window: 2)); // the bad close lies outside the window
        Assert.Throws<ArgumentOutOfRangeException>(() => RealisedVolatility.Daily(Closes, window: 1));
    }
}

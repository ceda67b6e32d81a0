using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Monitoring;

public class RollbackPolicyTests
{
    private static readonly RollbackThresholds Defaults = new();

    private static HealthSnapshot H(double sharpe = 1.0, double winRate = 0.55, int trades = 40, long hits = 0, long misses = 0, int oom = 0) =>
        new(sharpe, winRate, trades, hits, misses, oom);

    [Fact]
    public void Identical_runs_keep_the_configuration()
    {
        var verdict = RollbackPolicy.Evaluate(H(), H(), Defaults);
        Assert.False(verdict.ShouldRollBack);
        Assert.StartsWith("keep:", verdict.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 0.91, false)] // −9 %
    [InlineData(1.0, 0.90, false)] // exactly −10 %: not more than 10 %
    [InlineData(1.0, 0.89, true)] // −11 %
    [InlineData(0.5, 0.44, true)] // −12 %
    [InlineData(-0.5, -0.54, false)] // −8 % of |−0.5|
    [InlineData(-0.5, -0.56, true)] // −12 % of |−0.5|
    [InlineData(0.5, 2.0, false)] // a rise never fires
    public void Sharpe_drop_over_ten_percent_of_the_baseline_fires(double baseline, double candidate, bool fires)
    {
        var verdict = RollbackPolicy.Evaluate(H(sharpe: baseline), H(sharpe: candidate), Defaults);
        Assert.Equal(fires, verdict.ShouldRollBack);
        if (fires)
        {
            Assert.Contains("Sharpe", verdict.Triggers.Single(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0.55, 0.50, false)] // 5 points: not more than 5
    [InlineData(0.55, 0.49, true)] // 6 points
    [InlineData(0.40, 0.60, false)]
    public void Win_rate_drop_over_five_points_fires(double baseline, double candidate, bool fires)
    {
        var verdict = RollbackPolicy.Evaluate(H(winRate: baseline), H(winRate: candidate), Defaults);
        Assert.Equal(fires, verdict.ShouldRollBack);
    }

    [Fact]
    public void Win_rate_is_not_judged_without_trades()
    {
        var verdict = RollbackPolicy.Evaluate(H(winRate: 0.9), H(winRate: 0.0, trades: 0), Defaults);
        Assert.False(verdict.ShouldRollBack);
        Assert.Contains(verdict.Checks, c => c.Contains("no closed trades", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(29, 71, true)] // 29 % of 100
    [InlineData(30, 70, false)] // exactly 30 %
    [InlineData(5, 40, false)] // 45 lookups: too few to judge
    public void Cache_hit_rate_under_thirty_percent_fires(long hits, long misses, bool fires)
    {
        var verdict = RollbackPolicy.Evaluate(H(), H(hits: hits, misses: misses), Defaults);
        Assert.Equal(fires, verdict.ShouldRollBack);
    }

    [Fact]
    public void More_memory_failures_fire()
    {
        var verdict = RollbackPolicy.Evaluate(H(oom: 1), H(oom: 2), Defaults);
        Assert.True(verdict.ShouldRollBack);
        Assert.Equal("memory failures up: 1 -> 2", verdict.Triggers.Single());
        Assert.False(RollbackPolicy.Evaluate(H(oom: 2), H(oom: 2), Defaults).ShouldRollBack);
    }

    [Fact]
    public void Several_triggers_are_all_reported_and_thresholds_are_validated()
    {
        var verdict = RollbackPolicy.Evaluate(H(), H(sharpe: 0.5, winRate: 0.3, hits: 10, misses: 90, oom: 3), Defaults);
        Assert.Equal(4, verdict.Triggers.Count);
        Assert.StartsWith("roll back", verdict.Summary, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RollbackPolicy.Evaluate(H(), H(), new RollbackThresholds { MaxSharpeDrop = 2 }));
    }

    [Fact]
    public void Unmeasured_memory_failures_never_fire_and_say_so()
    {
        var verdict = RollbackPolicy.Evaluate(H(), H() with { MemoryFailures = null }, Defaults);
        Assert.False(verdict.ShouldRollBack);
        Assert.Contains("memory failures not measured", verdict.Checks);
    }
}

using Kairos.Trading.Prediction;

namespace Kairos.Trading.Tests.Prediction;

public class PredictionTiersTests
{
    private static readonly RePredictionSettings TwoAndTwo = new() { HighTierSize = 2, MediumTierSize = 2 };

    [Fact]
    public void Held_symbols_are_high_and_the_rest_are_tiered_by_score()
    {
        var tiers = PredictionTiers.Assign(
            [
                new("AAPL", 0.5, false),
                new("MSFT", 0.9, false),
                new("NVDA", 0.1, true), // worst score, but held
                new("SPY", 0.3, false),
                new("TSLA", null, false),
                new("AMD", 0.3, false), // ties SPY; AMD sorts first
                new("ETHUSD", double.NaN, false),
            ],
            TwoAndTwo);
        Assert.Equal(PredictionTier.High, tiers["NVDA"]);
        Assert.Equal(PredictionTier.High, tiers["MSFT"]);
        Assert.Equal(PredictionTier.High, tiers["AAPL"]);
        Assert.Equal(PredictionTier.Medium, tiers["AMD"]);
        Assert.Equal(PredictionTier.Medium, tiers["SPY"]);
        Assert.Equal(PredictionTier.Low, tiers["ETHUSD"]); // no score: ranked last
        Assert.Equal(PredictionTier.Low, tiers["TSLA"]);
        Assert.Equal(7, tiers.Count);
    }

    [Fact]
    public void Default_sizes_follow_the_portfolio_four_core_and_ten_at_most()
    {
        var candidates = Enumerable.Range(1, 12).Select(i => new TierCandidate($"S{i:00}", 100 - i, false));
        var tiers = PredictionTiers.Assign(candidates, RePredictionSettings.Default);
        Assert.Equal(["S01", "S02", "S03", "S04"], tiers.Where(t => t.Value == PredictionTier.High).Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Equal(6, tiers.Count(t => t.Value == PredictionTier.Medium));
        Assert.Equal(["S11", "S12"], tiers.Where(t => t.Value == PredictionTier.Low).Select(t => t.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Symbols_are_normalised_and_duplicates_refused()
    {
        Assert.Equal(PredictionTier.High, PredictionTiers.Assign([new(" aapl ", 1, false)], TwoAndTwo)["AAPL"]);
        Assert.Throws<ArgumentException>(() => PredictionTiers.Assign([new("AAPL", 1, false), new("aapl", 2, true)], TwoAndTwo));
    }
}

using Kairos.Core;
using Kairos.Trading.Prediction;

namespace Kairos.Trading.Tests.Prediction;

/// <summary>Ten cycles over scripted prices and tiers with the Differential and Tiered rules together.</summary>
public class RePredictionSimulationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 6, 14, 30, 0, TimeSpan.Zero);

    // Cycles 1–6 ten minutes apart, then a 45-minute pause (a skipped window), then ten minutes apart again.
    private static readonly int[] Minutes = [0, 10, 20, 30, 40, 50, 95, 105, 115, 125];

    private static readonly RePredictionSettings Settings = new()
    {
        Rules = RePredictionRules.Differential | RePredictionRules.Tiered,
        TimeThreshold = TimeSpan.FromMinutes(35), // longer than three 10-minute cycles, so the low tier's own turn shows
    };

    private sealed record Script(string Symbol, decimal[] Prices, PredictionTier[] Tiers);

    private static readonly Script[] Scripts =
    [
        new("AAPL", Enumerable.Repeat(200m, 10).ToArray(), Enumerable.Repeat(PredictionTier.High, 10).ToArray()),
        new("MSFT", [100m, 100m, 100m, 101.6m, 101.6m, 101.6m, 101.6m, 101.6m, 101.6m, 101.6m], Enumerable.Repeat(PredictionTier.Medium, 10).ToArray()),
        new("BTCUSD", [50_000m, 50_500m, 50_900m, 50_990m, 51_500m, 52_000m, 51_800m, 50_700m, 50_700m, 50_700m], Enumerable.Repeat(PredictionTier.Low, 10).ToArray()),
        // Low until a position is opened before cycle 5, then held: high.
        new("ETHUSD", Enumerable.Repeat(3_000m, 10).ToArray(), [.. Enumerable.Repeat(PredictionTier.Low, 4), .. Enumerable.Repeat(PredictionTier.High, 6)]),
    ];

    private static Dictionary<string, List<(long Cycle, RePredictionTrigger Trigger)>> Run()
    {
        var policy = new RePredictionPolicy(Settings);
        var records = new Dictionary<string, PredictionRecord>(StringComparer.Ordinal);
        var predicted = Scripts.ToDictionary(s => s.Symbol, _ => new List<(long, RePredictionTrigger)>(), StringComparer.Ordinal);
        for (var i = 0; i < Minutes.Length; i++)
        {
            var cycle = i + 1L;
            var now = T0.AddMinutes(Minutes[i]);
            foreach (var s in Scripts)
            {
                records.TryGetValue(s.Symbol, out var last);
                var d = policy.Decide(now, cycle, Instrument.Infer(s.Symbol), s.Tiers[i], last, s.Prices[i], null);
                if (d.Predict)
                {
                    predicted[s.Symbol].Add((cycle, d.Trigger));
                    records[s.Symbol] = new PredictionRecord(s.Symbol, now, cycle, s.Prices[i], null, s.Tiers[i]);
                }
                else
                {
                    // The freshness guarantee holds for every reused forecast: younger than the age limit.
                    Assert.True(ForecastFreshness.Check(last!.ForecastAt, now, Settings.MaxForecastAge).Fresh);
                    Assert.True(d.ForecastAge < Settings.TimeThreshold);
                }
            }
        }

        return predicted;
    }

    [Fact]
    public void High_tier_symbols_are_predicted_every_cycle()
    {
        var aapl = Run()["AAPL"];
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9, 10], aapl.Select(p => p.Cycle));
        Assert.Equal(RePredictionTrigger.Stale, aapl[6].Trigger); // cycle 7: 45 min after cycle 6
    }

    [Fact]
    public void Medium_tier_every_second_cycle_plus_price_moves_and_the_age_backstop()
    {
        // 1 first; 3 tier; 4 price +1.6 %; 6 tier (two after 4); 7 stale (45 min); 9 tier.
        Assert.Equal(
            [(1L, RePredictionTrigger.FirstForecast), (3, RePredictionTrigger.TierDue), (4, RePredictionTrigger.PriceMoved), (6, RePredictionTrigger.TierDue), (7, RePredictionTrigger.Stale), (9, RePredictionTrigger.TierDue)],
            Run()["MSFT"]);
    }

    [Fact]
    public void Low_tier_every_third_cycle_with_moves_measured_from_the_forecast_price()
    {
        // 2–3: 1 % and 1.8 % < 2 %; 4: third cycle (1.98 % still under); 5–6: 1.0002 % and 1.98 % from 50 990;
        // 7: stale; 8: 1 100 / 51 800 = 2.12 %; 9–10: no move, one and two cycles since.
        Assert.Equal(
            [(1L, RePredictionTrigger.FirstForecast), (4, RePredictionTrigger.TierDue), (7, RePredictionTrigger.Stale), (8, RePredictionTrigger.PriceMoved)],
            Run()["BTCUSD"]);
    }

    [Fact]
    public void A_symbol_promoted_to_high_is_predicted_from_that_cycle_on()
    {
        Assert.Equal([1L, 4, 5, 6, 7, 8, 9, 10], Run()["ETHUSD"].Select(p => p.Cycle));
    }
}

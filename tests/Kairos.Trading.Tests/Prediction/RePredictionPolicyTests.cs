using Kairos.Core;
using Kairos.Trading.Prediction;

namespace Kairos.Trading.Tests.Prediction;

public class RePredictionPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 6, 14, 30, 0, TimeSpan.Zero);
    private static readonly Instrument Aapl = Instrument.Infer("AAPL");
    private static readonly Instrument Btc = Instrument.Infer("BTCUSD");

    private static RePredictionPolicy Policy(RePredictionRules rules) => new(new RePredictionSettings { Rules = rules });

    private static PredictionRecord Record(Instrument instrument, decimal price, long cycle = 1, PredictionTier tier = PredictionTier.High) =>
        new(instrument.Symbol, T0, cycle, price, null, tier);

    private static DateTimeOffset After(double minutes) => T0.AddMinutes(minutes);

    [Fact]
    public void A_symbol_without_a_forecast_is_always_predicted()
    {
        foreach (var rules in new[] { RePredictionRules.Always, RePredictionRules.Differential, RePredictionRules.Tiered, RePredictionRules.Volatility })
        {
            var d = Policy(rules).Decide(T0, 7, Aapl, PredictionTier.Low, null, 100m, 0.01);
            Assert.True(d.Predict);
            Assert.Equal(RePredictionTrigger.FirstForecast, d.Trigger);
            Assert.Equal("first forecast", d.Reason);
            Assert.Null(d.ForecastAge);
        }
    }

    [Fact]
    public void Always_re_predicts_an_unchanged_symbol_and_records_the_age_it_replaces()
    {
        var d = Policy(RePredictionRules.Always).Decide(After(1), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null);
        Assert.True(d.Predict);
        Assert.Equal(RePredictionTrigger.Always, d.Trigger);
        Assert.Equal(TimeSpan.FromMinutes(1), d.ForecastAge);
    }

    [Theory]
    [InlineData("101.5", true, "price moved 1.5% ≥ 1.5%")] // exactly at the equity threshold: re-predict
    [InlineData("98.5", true, "price moved 1.5% ≥ 1.5%")] // moves count both ways
    [InlineData("102.1", true, "price moved 2.1% ≥ 1.5%")]
    [InlineData("101.49", false, "reuse: forecast 10 min old < 30 min; price moved 1.49% < 1.5%")]
    public void Differential_equity_threshold_is_one_and_a_half_percent_inclusive(string price, bool predict, string reason)
    {
        var d = Policy(RePredictionRules.Differential).Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), null);
        Assert.Equal(predict, d.Predict);
        Assert.Equal(predict ? RePredictionTrigger.PriceMoved : RePredictionTrigger.None, d.Trigger);
        Assert.Equal(reason, d.Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), d.ForecastAge);
    }

    [Fact]
    public void Differential_crypto_threshold_is_two_percent()
    {
        var policy = Policy(RePredictionRules.Differential);
        var below = policy.Decide(After(10), 2, Btc, PredictionTier.High, Record(Btc, 50_000m), 50_999m, null); // 1.998 %
        Assert.False(below.Predict);
        Assert.Equal(0.01998, below.PriceMove!.Value, 12);
        var at = policy.Decide(After(10), 2, Btc, PredictionTier.High, Record(Btc, 50_000m), 51_000m, null);
        Assert.True(at.Predict);
        Assert.Equal("price moved 2.0% ≥ 2.0%", at.Reason);
        // The same 1.5 % move re-predicts an equity but not a crypto pair.
        Assert.False(policy.Decide(After(10), 2, Btc, PredictionTier.High, Record(Btc, 100m), 101.5m, null).Predict);
    }

    [Fact]
    public void A_forecast_at_the_time_threshold_is_re_predicted_and_one_just_under_is_reused()
    {
        var policy = Policy(RePredictionRules.Differential);
        var at = policy.Decide(After(30), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null);
        Assert.True(at.Predict);
        Assert.Equal(RePredictionTrigger.Stale, at.Trigger);
        Assert.Equal("forecast 30 min old ≥ 30 min", at.Reason);
        var old = policy.Decide(After(42), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null);
        Assert.Equal("forecast 42 min old ≥ 30 min", old.Reason);
        var under = policy.Decide(T0.AddSeconds(1799), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null);
        Assert.False(under.Predict);
        Assert.Equal("reuse: forecast 29.98 min old < 30 min; price moved 0.0% < 1.5%", under.Reason);
    }

    [Fact]
    public void The_age_backstop_applies_under_tiers_too()
    {
        var d = Policy(RePredictionRules.Tiered).Decide(After(31), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null);
        Assert.True(d.Predict);
        Assert.Equal(RePredictionTrigger.Stale, d.Trigger);
    }

    [Fact]
    public void A_record_from_the_future_is_replaced()
    {
        var policy = Policy(RePredictionRules.Differential);
        var early = policy.Decide(T0.AddMinutes(-1), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null);
        Assert.True(early.Predict);
        Assert.Equal(RePredictionTrigger.InconsistentRecord, early.Trigger);
        Assert.Equal("forecast dated 1 min after now", early.Reason);
        var behind = Policy(RePredictionRules.Tiered).Decide(After(1), 3, Aapl, PredictionTier.Low, Record(Aapl, 100m, cycle: 5), 100m, null);
        Assert.Equal(RePredictionTrigger.InconsistentRecord, behind.Trigger);
        Assert.Equal("forecast made on cycle 5, after cycle 3", behind.Reason);
    }

    [Theory]
    [InlineData(PredictionTier.High, 1L, false)] // same cycle: nothing new to do
    [InlineData(PredictionTier.High, 2L, true)]
    [InlineData(PredictionTier.Medium, 2L, false)]
    [InlineData(PredictionTier.Medium, 3L, true)]
    [InlineData(PredictionTier.Low, 2L, false)]
    [InlineData(PredictionTier.Low, 3L, false)]
    [InlineData(PredictionTier.Low, 4L, true)]
    public void Tiers_re_predict_every_first_second_and_third_cycle(PredictionTier tier, long cycle, bool predict)
    {
        // The price doubled, but without the Differential rule only the tier schedule (and the age) counts.
        var d = Policy(RePredictionRules.Tiered).Decide(After(5), cycle, Aapl, tier, Record(Aapl, 100m, cycle: 1), 200m, null);
        Assert.Equal(predict, d.Predict);
        Assert.Equal(predict ? RePredictionTrigger.TierDue : RePredictionTrigger.None, d.Trigger);
        Assert.Null(d.PriceMove);
    }

    [Fact]
    public void Tier_reasons_name_the_schedule()
    {
        var policy = Policy(RePredictionRules.Tiered | RePredictionRules.Differential);
        var due = policy.Decide(After(10), 3, Aapl, PredictionTier.Medium, Record(Aapl, 100m, cycle: 1), 100m, null);
        Assert.Equal("tier medium: every 2nd cycle, 2 since the forecast", due.Reason);
        var reuse = policy.Decide(After(10), 2, Btc, PredictionTier.Low, Record(Btc, 100m, cycle: 1), 101m, null);
        Assert.Equal("reuse: forecast 10 min old < 30 min; price moved 1.0% < 2.0%; tier low: every 3rd cycle, 1 since the forecast", reuse.Reason);
        // A large move overrides the tier schedule when both rules are on.
        var moved = policy.Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m, cycle: 1), 97m, null);
        Assert.Equal(RePredictionTrigger.PriceMoved, moved.Trigger);
    }

    [Fact]
    public void Tier_periods_come_from_the_settings()
    {
        var policy = new RePredictionPolicy(new RePredictionSettings { Rules = RePredictionRules.Tiered, MediumTierEvery = 3, LowTierEvery = 5 });
        Assert.False(policy.Decide(After(5), 3, Aapl, PredictionTier.Medium, Record(Aapl, 100m), 100m, null).Predict);
        Assert.True(policy.Decide(After(5), 4, Aapl, PredictionTier.Medium, Record(Aapl, 100m), 100m, null).Predict);
        Assert.False(policy.Decide(After(5), 5, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null).Predict);
        Assert.Equal("tier low: every 5th cycle, 5 since the forecast", policy.Decide(After(5), 6, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100m, null).Reason);
    }

    [Theory]
    [InlineData(0.03, 0.015)] // 0.5 × 3 %
    [InlineData(0.042, 0.021)]
    [InlineData(0.004, 0.005)] // 0.2 % clamped up to the 0.5 % floor
    [InlineData(0.2, 0.05)] // 10 % clamped down to the 5 % ceiling
    public void Volatility_scales_the_price_threshold_within_its_clamp(double volatility, double threshold)
    {
        var policy = Policy(RePredictionRules.Volatility);
        Assert.Equal(threshold, policy.PriceThresholdFor(AssetClass.Equity, volatility), 15);
        Assert.Equal(threshold, policy.PriceThresholdFor(AssetClass.Crypto, volatility), 15);
    }

    [Theory]
    [InlineData(0.01, 30.0)] // calmer than the 2 % reference: the plain limit, never longer
    [InlineData(0.02, 30.0)]
    [InlineData(0.03, 20.0)] // 30 × 2/3
    [InlineData(0.04, 15.0)]
    [InlineData(0.08, 7.5)]
    [InlineData(0.2, 5.0)] // 3 min floored at 5 min
    public void Volatile_symbols_get_a_shorter_age_limit(double volatility, double minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Policy(RePredictionRules.Volatility).TimeThresholdFor(volatility));
    }

    [Fact]
    public void Unknown_or_zero_volatility_falls_back_to_the_fixed_thresholds()
    {
        var policy = Policy(RePredictionRules.Volatility);
        Assert.Equal(0.015, policy.PriceThresholdFor(AssetClass.Equity, null));
        Assert.Equal(0.02, policy.PriceThresholdFor(AssetClass.Crypto, 0.0));
        Assert.Equal(0.015, policy.PriceThresholdFor(AssetClass.Equity, double.NaN));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.TimeThresholdFor(null));
        var d = policy.Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 101.5m, null);
        Assert.Equal("price moved 1.5% ≥ 1.5%", d.Reason);
    }

    [Fact]
    public void Volatility_decisions_explain_the_scaled_threshold()
    {
        var policy = Policy(RePredictionRules.Volatility);
        var moved = policy.Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 101.5m, 0.03);
        Assert.True(moved.Predict);
        Assert.Equal("price moved 1.5% ≥ 1.5% (volatility 3.0% → threshold 1.5%)", moved.Reason);
        var quiet = policy.Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100.49m, 0.004);
        Assert.False(quiet.Predict);
        Assert.Equal("reuse: forecast 10 min old < 30 min; price moved 0.49% < 0.5% (volatility 0.4% → threshold 0.5%)", quiet.Reason);
        Assert.True(policy.Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100.5m, 0.004).Predict);
        // A 0.8 % move is noise for a 4 % daily mover (threshold 2 %), but its forecast ages out at 15 min instead of 30.
        Assert.False(policy.Decide(After(14), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100.8m, 0.04).Predict);
        var stale = policy.Decide(After(15), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100.8m, 0.04);
        Assert.Equal(RePredictionTrigger.Stale, stale.Trigger);
        Assert.Equal("forecast 15 min old ≥ 15 min (volatility 4.0% → limit 15 min)", stale.Reason);
        // The same 0.8 % move re-predicts a 1 % daily mover (threshold 0.5 %).
        Assert.True(policy.Decide(After(14), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 100.8m, 0.01).Predict);
    }

    [Fact]
    public void Volatility_scaling_stays_off_without_its_rule()
    {
        // Differential alone ignores the volatility argument: 1 % < 1.5 % although 0.5 × 1 % would be 0.5 %.
        var d = Policy(RePredictionRules.Differential).Decide(After(10), 2, Aapl, PredictionTier.Low, Record(Aapl, 100m), 101m, 0.01);
        Assert.False(d.Predict);
        Assert.Equal("reuse: forecast 10 min old < 30 min; price moved 1.0% < 1.5%", d.Reason);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        var policy = Policy(RePredictionRules.Differential);
        Assert.Throws<ArgumentException>(() => policy.Decide(T0, 1, Aapl, PredictionTier.High, Record(Btc, 100m), 100m, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Decide(T0, 1, Aapl, PredictionTier.High, null, 0m, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PredictionRecord("AAPL", T0, 1, 0m, null, PredictionTier.High));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PredictionRecord("AAPL", T0, 1, 1m, -0.1, PredictionTier.High));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RePredictionPolicy(new RePredictionSettings { EquityPriceThreshold = 0 }));
    }
}

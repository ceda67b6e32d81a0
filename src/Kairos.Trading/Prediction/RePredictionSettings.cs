using Kairos.Core;

namespace Kairos.Trading.Prediction;

/// <summary>
/// Re-prediction policy settings (optimisation plan 2.1 and the PREDICTION_PRICE_THRESHOLD / PREDICTION_TIME_THRESHOLD
/// variables) and the freshness limit orders are held to. Prices and thresholds are fractions (0.015 = 1.5 %);
/// volatility is the daily standard deviation of returns, also a fraction.
/// </summary>
public sealed record RePredictionSettings
{
    /// <summary>Which rules may let a symbol reuse its forecast; <see cref="RePredictionRules.Always"/> re-predicts everything.</summary>
    public RePredictionRules Rules { get; init; } = RePredictionRules.Differential;

    /// <summary>Equity price move that forces a re-prediction (PREDICTION_PRICE_THRESHOLD, 1.5 %).</summary>
    public double EquityPriceThreshold { get; init; } = 0.015;

    /// <summary>Crypto price move that forces a re-prediction: 2 %, the plan's crypto figure (crypto moves about twice as much a day).</summary>
    public double CryptoPriceThreshold { get; init; } = 0.02;

    /// <summary>A forecast this old is re-predicted whatever the price did (PREDICTION_TIME_THRESHOLD, 1800 s).</summary>
    public TimeSpan TimeThreshold { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>
    /// The freshness guarantee: no order is placed on a forecast older than this. At least <see cref="TimeThreshold"/>
    /// (a reused forecast is younger than that when the cycle starts) plus room for the cycle's own run time.
    /// </summary>
    public TimeSpan MaxForecastAge { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Candidates ranked 1..HighTierSize by score are <see cref="PredictionTier.High"/> (the portfolio's core of 4).</summary>
    public int HighTierSize { get; init; } = 4;

    /// <summary>The next MediumTierSize candidates are <see cref="PredictionTier.Medium"/> (up to the portfolio's maximum of 10).</summary>
    public int MediumTierSize { get; init; } = 6;

    /// <summary>A medium-tier symbol is re-predicted once this many cycles have passed since its forecast.</summary>
    public int MediumTierEvery { get; init; } = 2;

    /// <summary>A low-tier symbol is re-predicted once this many cycles have passed since its forecast.</summary>
    public int LowTierEvery { get; init; } = 3;

    /// <summary>With <see cref="RePredictionRules.Volatility"/>: price threshold = this × daily volatility, before clamping.</summary>
    public double VolatilityMultiplier { get; init; } = 0.5;

    /// <summary>Lower clamp of the volatility-scaled price threshold, so a quiet symbol is not re-predicted on noise.</summary>
    public double MinPriceThreshold { get; init; } = 0.005;

    /// <summary>Upper clamp of the volatility-scaled price threshold, so a wild symbol still reacts to large moves.</summary>
    public double MaxPriceThreshold { get; init; } = 0.05;

    /// <summary>
    /// With <see cref="RePredictionRules.Volatility"/>: above this daily volatility the age limit shrinks in proportion
    /// (twice the volatility, half the age), so volatile symbols are re-predicted more often.
    /// </summary>
    public double ReferenceVolatility { get; init; } = 0.02;

    /// <summary>The volatility-scaled age limit never drops below this (the forecast cache's 5-minute TTL).</summary>
    public TimeSpan MinTimeThreshold { get; init; } = TimeSpan.FromMinutes(5);

    public static RePredictionSettings Default { get; } = new();

    /// <summary>The fixed price threshold of an asset class.</summary>
    public double PriceThresholdOf(AssetClass assetClass) => assetClass == AssetClass.Crypto ? CryptoPriceThreshold : EquityPriceThreshold;

    public void Validate()
    {
        if ((Rules & ~(RePredictionRules.Differential | RePredictionRules.Tiered | RePredictionRules.Volatility)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rules), Rules, "Unknown re-prediction rule.");
        }

        RequireFraction(EquityPriceThreshold, nameof(EquityPriceThreshold));
        RequireFraction(CryptoPriceThreshold, nameof(CryptoPriceThreshold));
        RequireFraction(MinPriceThreshold, nameof(MinPriceThreshold));
        RequireFraction(MaxPriceThreshold, nameof(MaxPriceThreshold));
        if (MinPriceThreshold > MaxPriceThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPriceThreshold), MinPriceThreshold, $"MinPriceThreshold must not exceed MaxPriceThreshold = {MaxPriceThreshold}.");
        }

        if (!double.IsFinite(VolatilityMultiplier) || VolatilityMultiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(VolatilityMultiplier), VolatilityMultiplier, "The volatility multiplier must be positive.");
        }

        RequireFraction(ReferenceVolatility, nameof(ReferenceVolatility));
        if (TimeThreshold <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeThreshold), TimeThreshold, "The time threshold must be positive.");
        }

        if (MinTimeThreshold <= TimeSpan.Zero || MinTimeThreshold > TimeThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTimeThreshold), MinTimeThreshold, $"MinTimeThreshold must lie in (0, TimeThreshold = {TimeThreshold}].");
        }

        // A limit below the time threshold would let the policy reuse forecasts that the order path then refuses.
        if (MaxForecastAge < TimeThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxForecastAge), MaxForecastAge, $"MaxForecastAge must be at least TimeThreshold = {TimeThreshold}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(HighTierSize);
        ArgumentOutOfRangeException.ThrowIfNegative(MediumTierSize);
        if (MediumTierEvery < 1 || LowTierEvery < MediumTierEvery)
        {
            throw new ArgumentOutOfRangeException(nameof(LowTierEvery), LowTierEvery, $"Tier periods must satisfy 1 ≤ MediumTierEvery ({MediumTierEvery}) ≤ LowTierEvery.");
        }
    }

    private static void RequireFraction(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0 || value >= 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a fraction in (0, 1).");
        }
    }
}

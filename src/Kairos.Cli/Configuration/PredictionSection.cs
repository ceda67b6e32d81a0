using Kairos.Trading.Prediction;

namespace Kairos.Cli.Configuration;

/// <summary>
/// The re-prediction policy of the live loop and the freshness guarantee (optimisation plan 2.1;
/// <c>PREDICTION_PRICE_THRESHOLD</c>, <c>PREDICTION_TIME_THRESHOLD</c>; docs/re-prediction.md).
/// </summary>
internal sealed record PredictionSection
{
    public static readonly TimeSpan MaxTimeThreshold = TimeSpan.FromDays(7);

    /// <summary>Which rules may let a symbol reuse its last analysis: Always (re-predict every cycle), or a combination of Differential, Tiered and Volatility.</summary>
    public RePredictionRules Rules { get; init; } = RePredictionSettings.Default.Rules;

    /// <summary>The plan's general default (1.5 %).</summary>
    public double EquityPriceThreshold { get; init; } = 0.015;

    /// <summary>The plan's crypto example (2 %): crypto moves more, so a larger move is needed to call a forecast stale.</summary>
    public double CryptoPriceThreshold { get; init; } = 0.02;

    public TimeSpan TimeThreshold { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// No order is placed on a forecast older than this (at least <see cref="TimeThreshold"/>); null: the time threshold
    /// plus 15 minutes for the cycle's own run time (45 minutes with the defaults).
    /// </summary>
    public TimeSpan? MaxForecastAge { get; init; }

    public TimeSpan EffectiveMaxForecastAge => MaxForecastAge ?? TimeThreshold + TimeSpan.FromMinutes(15);

    public int HighTierSize { get; init; } = RePredictionSettings.Default.HighTierSize;

    public int MediumTierSize { get; init; } = RePredictionSettings.Default.MediumTierSize;

    public int MediumTierEvery { get; init; } = RePredictionSettings.Default.MediumTierEvery;

    public int LowTierEvery { get; init; } = RePredictionSettings.Default.LowTierEvery;

    public RePredictionSettings ToSettings() => RePredictionSettings.Default with
    {
        Rules = Rules,
        EquityPriceThreshold = EquityPriceThreshold,
        CryptoPriceThreshold = CryptoPriceThreshold,
        TimeThreshold = TimeThreshold,
        MaxForecastAge = EffectiveMaxForecastAge,
        HighTierSize = HighTierSize,
        MediumTierSize = MediumTierSize,
        MediumTierEvery = MediumTierEvery,
        LowTierEvery = LowTierEvery,
        MinTimeThreshold = TimeSpan.FromTicks(Math.Min(RePredictionSettings.Default.MinTimeThreshold.Ticks, TimeThreshold.Ticks)),
    };

    public void Validate()
    {
        foreach (var (name, value) in new[] { ("prediction.equityPriceThreshold", EquityPriceThreshold), ("prediction.cryptoPriceThreshold", CryptoPriceThreshold) })
        {
            if (!(value is > 0 and < 1))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a fraction greater than 0 and less than 1.");
            }
        }

        if (TimeThreshold <= TimeSpan.Zero || TimeThreshold > MaxTimeThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeThreshold), TimeThreshold, $"prediction.timeThreshold must lie between 00:00:01 and {MaxTimeThreshold:c}.");
        }

        if (EffectiveMaxForecastAge < TimeThreshold || EffectiveMaxForecastAge > MaxTimeThreshold + TimeSpan.FromMinutes(15))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxForecastAge), MaxForecastAge, $"prediction.maxForecastAge must lie between prediction.timeThreshold ({TimeThreshold:c}) and {MaxTimeThreshold:c}: the policy reuses forecasts up to the time threshold, and the order path must accept them.");
        }

        if ((Rules & ~(RePredictionRules.Differential | RePredictionRules.Tiered | RePredictionRules.Volatility)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rules), Rules, "prediction.rules must be Always or a combination of Differential, Tiered and Volatility.");
        }

        if (HighTierSize < 0 || MediumTierSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HighTierSize), HighTierSize, "prediction.highTierSize and prediction.mediumTierSize must not be negative.");
        }

        if (MediumTierEvery < 1 || LowTierEvery < MediumTierEvery)
        {
            throw new ArgumentOutOfRangeException(nameof(LowTierEvery), LowTierEvery, $"prediction tier periods must satisfy 1 ≤ mediumTierEvery ({MediumTierEvery}) ≤ lowTierEvery ({LowTierEvery}).");
        }

        ToSettings().Validate();
    }
}

namespace Kairos.Cli.Configuration;

/// <summary>
/// Differential re-prediction (optimisation plan 2.1; <c>PREDICTION_PRICE_THRESHOLD[_CRYPTO|_EQUITY]</c>,
/// <c>PREDICTION_TIME_THRESHOLD</c>): a symbol is re-forecast when its price moved by at least its asset class's threshold
/// (a fraction of the price at the last forecast) or its forecast is at least <see cref="TimeThreshold"/> old.
/// </summary>
internal sealed record PredictionSection
{
    public static readonly TimeSpan MaxTimeThreshold = TimeSpan.FromDays(7);

    /// <summary>The plan's general default (1.5 %).</summary>
    public double EquityPriceThreshold { get; init; } = 0.015;

    /// <summary>The plan's crypto example (2 %): crypto moves more, so a larger move is needed to call a forecast stale.</summary>
    public double CryptoPriceThreshold { get; init; } = 0.02;

    public TimeSpan TimeThreshold { get; init; } = TimeSpan.FromMinutes(30);

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
    }
}

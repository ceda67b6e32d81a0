namespace Kairos.Forecasting;

/// <summary>Settings of <see cref="BaselineForecaster"/>; see docs/baseline-forecaster.md for the model.</summary>
public sealed record BaselineForecasterOptions
{
    /// <summary>Number of past daily moves the model averages over.</summary>
    public int Lookback { get; init; } = 20;

    /// <summary>Half-life, in bars, of the exponential weights (the newest bar weighs most).</summary>
    public double HalfLife { get; init; } = 5.0;

    /// <summary>Fraction of the weighted mean close-to-close log return carried into the forecast (momentum shrinkage).</summary>
    public double DriftShrink { get; init; } = 0.5;

    public void Validate()
    {
        if (Lookback < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Lookback), Lookback, "Lookback must be at least 2 bars.");
        }

        if (!(HalfLife > 0) || double.IsInfinity(HalfLife))
        {
            throw new ArgumentOutOfRangeException(nameof(HalfLife), HalfLife, "HalfLife must be a positive number of bars.");
        }

        if (!(DriftShrink >= 0 && DriftShrink <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DriftShrink), DriftShrink, "DriftShrink must lie in [0, 1].");
        }
    }
}

using Kairos.Kronos;

namespace Kairos.Forecasting.Kronos;

/// <summary>
/// Settings of <see cref="KronosForecaster"/>. Defaults are the Python bot's Kronos settings (trading-system spec §3.5):
/// context 232 bars, temperature 0.152, top-k 20 (top-p 0.83 is then ignored, as in the reference), 192 samples,
/// clip 1.85.
/// </summary>
public sealed record KronosForecasterOptions
{
    /// <summary>Bars of history per forecast (the window the model reads; also the model window by default).</summary>
    public int Lookback { get; init; } = 232;

    /// <summary>The model's context window.</summary>
    public int MaxContext { get; init; } = 232;

    public float Temperature { get; init; } = 0.152f;

    public int TopK { get; init; } = 20;

    public double TopP { get; init; } = 0.83;

    public int Samples { get; init; } = 192;

    public float Clip { get; init; } = 1.85f;

    /// <summary>Seed of the sampler; each window's seed is derived from it and the window's content.</summary>
    public int Seed { get; init; }

    /// <summary>Windows per batched predict call (bounds memory: activations grow with windows × samples).</summary>
    public int WindowsPerBatch { get; init; } = 8;

    public PredictionOptions ToPrediction(int seed) => new()
    {
        PredLen = 1,
        MaxContext = MaxContext,
        Clip = Clip,
        Temperature = Temperature,
        TopK = TopK,
        TopP = TopP,
        Samples = Samples,
        Seed = seed,
    };

    public void Validate()
    {
        if (Lookback < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Lookback), Lookback, "Kronos needs at least 2 bars of history.");
        }

        if (WindowsPerBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowsPerBatch), WindowsPerBatch, "At least one window per batch.");
        }

        ToPrediction(Seed).Validate();
    }
}

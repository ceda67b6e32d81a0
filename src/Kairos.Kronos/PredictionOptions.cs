namespace Kairos.Kronos;

/// <summary>Settings of one prediction (defaults = the reference predictor's defaults).</summary>
public sealed record PredictionOptions
{
    /// <summary>P, bars to generate (1 ≤ P ≤ MaxContext).</summary>
    public int PredLen { get; init; } = 1;

    /// <summary>W_max, the model's window. 512 for small/base; Kronos-mini can use 2048.</summary>
    public int MaxContext { get; init; } = 512;

    /// <summary>Normalised inputs are clipped to ±Clip.</summary>
    public float Clip { get; init; } = 5f;

    /// <summary>Sampling temperature T &gt; 0.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep the k most likely tokens (0 = off). When &gt; 0, <see cref="TopP"/> is ignored (reference behaviour).</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus mass (≥ 1 = off).</summary>
    public double TopP { get; init; } = 0.9;

    /// <summary>S, sample paths per series. The mean path averages them in normalised space (reference behaviour).</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Seed of the only random generator used (same inputs + seed ⇒ same output, bit for bit).</summary>
    public int Seed { get; init; }

    /// <summary>Quantile levels in (0, 1) to compute over the de-normalised sample paths (e.g. 0.1, 0.5, 0.9).</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (PredLen < 1)
        {
            throw new ArgumentException($"PredLen must be at least 1, got {PredLen}.");
        }

        if (MaxContext < PredLen)
        {
            throw new ArgumentException($"MaxContext ({MaxContext}) must be at least PredLen ({PredLen}).");
        }

        if (!(Clip > 0))
        {
            throw new ArgumentException($"Clip must be positive, got {Clip}.");
        }

        if (!(Temperature > 0) || float.IsInfinity(Temperature))
        {
            throw new ArgumentException($"Temperature must be positive and finite, got {Temperature}.");
        }

        if (TopK < 0)
        {
            throw new ArgumentException($"TopK must be ≥ 0, got {TopK}.");
        }

        if (!(TopP > 0))
        {
            throw new ArgumentException($"TopP must be positive, got {TopP}.");
        }

        if (Samples < 1)
        {
            throw new ArgumentException($"Samples must be at least 1, got {Samples}.");
        }

        foreach (var q in Quantiles)
        {
            if (!(q > 0 && q < 1))
            {
                throw new ArgumentException($"Quantile levels must be in (0, 1), got {q}.");
            }
        }
    }
}

namespace Kairos.Kronos;

/// <summary>The forecast of one series, de-normalised with that series' own statistics.
/// Columns everywhere: open, high, low, close, volume, amount. No post-processing (as the reference): negative
/// volume or high &lt; low can occur.</summary>
public sealed class SeriesForecast
{
    internal SeriesForecast(IReadOnlyList<DateTime> timestamps, float[,] mean, float[,,] samples, IReadOnlyDictionary<double, float[,]> quantiles)
    {
        Timestamps = timestamps;
        Mean = mean;
        Samples = samples;
        Quantiles = quantiles;
    }

    /// <summary>The P future timestamps.</summary>
    public IReadOnlyList<DateTime> Timestamps { get; }

    /// <summary>[P, 6] the reference output: samples averaged in normalised space, then de-normalised.</summary>
    public float[,] Mean { get; }

    /// <summary>[S, P, 6] every sample path, de-normalised.</summary>
    public float[,,] Samples { get; }

    /// <summary>Requested quantile level → [P, 6], over the de-normalised sample paths (linear interpolation
    /// between order statistics, numpy's default).</summary>
    public IReadOnlyDictionary<double, float[,]> Quantiles { get; }
}

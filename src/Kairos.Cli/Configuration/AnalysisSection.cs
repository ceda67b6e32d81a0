namespace Kairos.Cli.Configuration;

/// <summary>
/// How a cycle's analysis runs (<c>MARKETSIM_PARALLEL_ANALYSIS</c>, <c>MARKETSIM_PARALLEL_WORKERS</c>): symbols backtested at
/// once, and the forecast horizon in bars.
/// </summary>
internal sealed record AnalysisSection
{
    public const int MaxWorkers = 256;

    public const int MaxHorizon = 64;

    /// <summary>Analyse symbols in parallel. The Python bot defaulted to sequential; here parallel is the default (it changes no result).</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>Symbols analysed at once when <see cref="Parallel"/>; null means one per CPU core.</summary>
    public int? Workers { get; init; }

    /// <summary>Bars ahead each forecast reaches; the strategies read the next bar, so 1 is the default.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>The degree of parallelism of the backtest stage on a machine with <paramref name="processorCount"/> cores.</summary>
    public int Parallelism(int processorCount) => Parallel ? Workers ?? Math.Max(1, processorCount) : 1;

    public void Validate()
    {
        if (Workers is < 1 or > MaxWorkers)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, $"analysis.workers must be null (one per core) or lie between 1 and {MaxWorkers}.");
        }

        if (Horizon is < 1 or > MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, $"analysis.horizon must lie between 1 and {MaxHorizon}.");
        }
    }
}

namespace Kairos.Cli.Configuration;

/// <summary>
/// The forecast cache (optimisation plan 1.1; <c>KRONOS_PREDICTION_CACHE_*</c>). Forecasts of completed bars never expire;
/// <see cref="Ttl"/> bounds the reuse of a forecast whose window ends with a still-forming bar.
/// </summary>
internal sealed record ForecastCacheSection
{
    public const int MaxSizeMbLimit = 1_048_576;

    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(7);

    public bool Enabled { get; init; } = true;

    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Size cap of the cache in MiB (the Python bot's default, 1000).</summary>
    public int MaxSizeMb { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting and its accepted range.</summary>
    public void Validate()
    {
        if (Ttl < TimeSpan.Zero || Ttl > MaxTtl)
        {
            throw new ArgumentOutOfRangeException(nameof(Ttl), Ttl, $"forecastCache.ttl must lie between 00:00:00 and {MaxTtl:c}.");
        }

        if (MaxSizeMb is < 1 or > MaxSizeMbLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSizeMb), MaxSizeMb, $"forecastCache.maxSizeMb must lie between 1 and {MaxSizeMbLimit}.");
        }
    }
}

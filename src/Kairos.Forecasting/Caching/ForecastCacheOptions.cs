using System.Globalization;
using Kairos.Kronos.Hub;

namespace Kairos.Forecasting.Caching;

/// <summary>
/// Settings of <see cref="ForecastCache"/>, with the Python bot's environment variables as overrides
/// (<see cref="FromVariables"/>): <c>KRONOS_PREDICTION_CACHE_ENABLED</c>, <c>KRONOS_PREDICTION_CACHE_TTL</c> (seconds),
/// <c>KRONOS_PREDICTION_CACHE_MAX_SIZE_MB</c> and <c>KRONOS_PREDICTION_CACHE_PATH</c>.
/// </summary>
public sealed record ForecastCacheOptions
{
    public const string EnabledVariable = "KRONOS_PREDICTION_CACHE_ENABLED";
    public const string TtlVariable = "KRONOS_PREDICTION_CACHE_TTL";
    public const string MaxSizeVariable = "KRONOS_PREDICTION_CACHE_MAX_SIZE_MB";
    public const string PathVariable = "KRONOS_PREDICTION_CACHE_PATH";

    /// <summary>When false the cache stores nothing and every lookup misses.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Lifetime of a forecast whose window ends with a partial (still-forming) bar; forecasts of completed windows never
    /// expire, because their inputs can no longer change.
    /// </summary>
    public TimeSpan PartialBarTtl { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Cap of the memory tier, in estimated bytes; the least recently used entries are evicted beyond it.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The SQLite file of the persistent tier, or null for a memory-only cache.</summary>
    public string? Path { get; init; }

    public void Validate()
    {
        if (PartialBarTtl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PartialBarTtl), PartialBarTtl, "PartialBarTtl must be positive.");
        }

        if (MaxBytes < ForecastCache.EntryBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, $"MaxBytes must hold at least one entry ({ForecastCache.EntryBytes} bytes).");
        }

        if (Path is not null && string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("Path must be null (memory only) or a file path.", nameof(Path));
        }
    }

    /// <summary>
    /// <paramref name="defaults"/> (or the defaults above) overridden by whichever variables are set. A malformed value
    /// throws, naming the variable: a typo must not silently change what the bot trades on.
    /// </summary>
    public static ForecastCacheOptions FromVariables(IEnvironmentVariables variables, ForecastCacheOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var options = defaults ?? new ForecastCacheOptions();
        if (Value(variables, EnabledVariable) is { } enabled)
        {
            options = options with
            {
                Enabled = enabled.ToUpperInvariant() switch
                {
                    "1" or "TRUE" or "YES" or "ON" => true,
                    "0" or "FALSE" or "NO" or "OFF" => false,
                    _ => throw new InvalidOperationException($"{EnabledVariable}='{enabled}' is not a switch (1/0, true/false, yes/no, on/off)."),
                },
            };
        }

        if (Value(variables, TtlVariable) is { } ttl)
        {
            options = options with { PartialBarTtl = TimeSpan.FromSeconds(Positive(TtlVariable, ttl, "number of seconds")) };
        }

        if (Value(variables, MaxSizeVariable) is { } size)
        {
            options = options with { MaxBytes = (long)(Positive(MaxSizeVariable, size, "number of megabytes") * 1024 * 1024) };
        }

        if (variables.Get(PathVariable) is { } path)
        {
            // Set but empty: explicitly memory only.
            options = options with { Path = string.IsNullOrWhiteSpace(path) ? null : path.Trim() };
        }

        options.Validate();
        return options;
    }

    private static string? Value(IEnvironmentVariables variables, string name)
    {
        var value = variables.Get(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static double Positive(string name, string text, string what)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || double.IsInfinity(value))
        {
            throw new InvalidOperationException($"{name}='{text}' is not a positive {what}.");
        }

        return value;
    }
}

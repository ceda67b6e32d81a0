namespace Kairos.Trading.Monitoring;

/// <summary>
/// What the rollback triggers compare: the trading figures of a run (or of the bot so far) and its operational health.
/// <see cref="CacheHits"/>/<see cref="CacheMisses"/> are forecast-cache lookups (both 0 when the cache is off);
/// <see cref="MemoryFailures"/> counts out-of-memory errors caught; null when the run did not measure them.
/// </summary>
public sealed record HealthSnapshot(
    double Sharpe,
    double WinRate,
    int Trades,
    long CacheHits,
    long CacheMisses,
    int? MemoryFailures)
{
    public long CacheLookups => CacheHits + CacheMisses;

    /// <summary>Hits / lookups; NaN when there were none.</summary>
    public double CacheHitRate => CacheLookups == 0 ? double.NaN : (double)CacheHits / CacheLookups;
}

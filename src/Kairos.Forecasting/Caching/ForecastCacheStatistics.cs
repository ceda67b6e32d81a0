namespace Kairos.Forecasting.Caching;

/// <summary>
/// Counts of a <see cref="ForecastCache"/>, either since it was opened (<see cref="ForecastCache.Statistics"/>) or since
/// the last cycle's read (<see cref="ForecastCache.TakeCycleStatistics"/>). <see cref="Entries"/> and <see cref="Bytes"/>
/// are the memory tier's size at the moment of the snapshot.
/// </summary>
/// <param name="Hits">Lookups answered, from either tier.</param>
/// <param name="DiskHits">Of <paramref name="Hits"/>, those answered by the SQLite tier (then promoted to memory).</param>
/// <param name="Misses">Lookups not answered (expired entries included): forecasts that had to be computed.</param>
/// <param name="Evictions">Entries dropped from the memory tier to keep it under its byte cap (they stay on disk).</param>
/// <param name="Expired">Entries of partial-bar windows found older than the TTL and deleted.</param>
/// <param name="Entries">Entries held in memory.</param>
/// <param name="Bytes">Estimated bytes held in memory (<see cref="ForecastCache.EntryBytes"/> per entry).</param>
public readonly record struct ForecastCacheStatistics(long Hits, long DiskHits, long Misses, long Evictions, long Expired, int Entries, long Bytes)
{
    /// <summary>Hits over lookups; 0 when there were none.</summary>
    public double HitRate => Hits + Misses == 0 ? 0.0 : (double)Hits / (Hits + Misses);
}

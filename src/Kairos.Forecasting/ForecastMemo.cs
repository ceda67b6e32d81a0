using System.Collections.Concurrent;

namespace Kairos.Forecasting;

/// <summary>
/// In-process memo of forecasts by content address, shared by every simulation of a run (and across symbols, which
/// never collide because their windows differ). Thread-safe. The persistent, TTL-bounded cache of the live bot builds on
/// the same <see cref="ForecastKey"/>.
/// </summary>
public sealed class ForecastMemo
{
    private readonly ConcurrentDictionary<ForecastKey, BarForecast> _entries = new();
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public int Count => _entries.Count;

    public bool TryGet(ForecastKey key, out BarForecast forecast)
    {
        if (_entries.TryGetValue(key, out forecast))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        Interlocked.Increment(ref _misses);
        return false;
    }

    public void Add(ForecastKey key, BarForecast forecast) => _entries[key] = forecast;
}

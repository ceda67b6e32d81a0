using System.Collections.Concurrent;
using Kairos.Core;

namespace Kairos.Forecasting;

/// <summary>
/// In-process memo of forecasts by content address, shared by every simulation of a run (and across symbols, which
/// never collide because their windows differ). Thread-safe and unbounded: it lives as long as one run. The persistent,
/// TTL- and size-bounded cache of the live bot (<see cref="Caching.ForecastCache"/>) builds on the same
/// <see cref="ForecastKey"/>.
/// </summary>
public sealed class ForecastMemo : IForecastStore
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

    bool IForecastStore.TryGet(BarSeries series, int decisionIndex, ForecastKey key, out BarForecast forecast) => TryGet(key, out forecast);

    void IForecastStore.Add(BarSeries series, ReadOnlySpan<int> decisionIndices, ReadOnlySpan<ForecastKey> keys, ReadOnlySpan<BarForecast> forecasts)
    {
        if (keys.Length != forecasts.Length)
        {
            throw new ArgumentException("keys and forecasts must have the same length.", nameof(forecasts));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Add(keys[i], forecasts[i]);
        }
    }
}

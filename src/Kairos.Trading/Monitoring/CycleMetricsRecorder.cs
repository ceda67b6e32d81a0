using Kairos.Trading.State;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Collects what the instruments of a <see cref="KairosMetrics"/> measured during one cycle as name/value pairs for
/// <see cref="TradingStore.RecordMetricsAsync"/>.
/// </summary>
/// <remarks>
/// <para>Each <see cref="Collect"/> returns the measurements since the previous one (or since construction) and starts
/// a new window, so calling it once at the end of every cycle gives per-cycle values. Measurements from every thread
/// count; cycles sharing one <see cref="KairosMetrics"/> must therefore not overlap.</para>
/// <para>Names: the instrument name without its <c>kairos.</c> prefix, then the tags as <c>{key=value,…}</c> in ordinal
/// order of key. Counters give their total over the cycle (<c>forecasts.computed</c>), gauges their last value
/// (<c>memory.working_set</c>, read at collection), histograms three rows: <c>.count</c>, <c>.sum</c> and <c>.max</c>
/// (<c>stage.duration{stage=backtest}.sum</c>). Added: <c>forecasts.hit_rate</c> = cached / (computed + cached) when
/// the cycle asked for any forecast. Rows are in ordinal order of name; non-finite values (which
/// <see cref="KairosMetrics"/> never records) are left out because the store refuses them.</para>
/// </remarks>
public sealed class CycleMetricsRecorder : IDisposable
{
    public const string HitRate = "forecasts.hit_rate";

    private const string Prefix = "kairos.";

    private readonly MeterAggregator _aggregator;

    public CycleMetricsRecorder(KairosMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _aggregator = new MeterAggregator(metrics.Meter);
    }

    /// <summary>The metrics of the window that ends now; the next window starts empty.</summary>
    public IReadOnlyList<CycleMetric> Collect()
    {
        var rows = new List<CycleMetric>();
        double computed = 0, cached = 0;
        foreach (var series in _aggregator.Snapshot(reset: true))
        {
            var name = NameOf(series);
            if (series.Kind == MetricKind.Histogram)
            {
                rows.Add(new CycleMetric(name + ".count", series.Count));
                rows.Add(new CycleMetric(name + ".sum", series.Sum));
                rows.Add(new CycleMetric(name + ".max", series.Max));
            }
            else
            {
                rows.Add(new CycleMetric(name, series.Value));
            }

            if (series.Tags.Count == 0 && series.Name == KairosMetrics.ForecastsComputed)
            {
                computed = series.Value;
            }
            else if (series.Tags.Count == 0 && series.Name == KairosMetrics.ForecastsCached)
            {
                cached = series.Value;
            }
        }

        if (computed + cached > 0)
        {
            rows.Add(new CycleMetric(HitRate, cached / (computed + cached)));
        }

        return rows
            .Where(static r => double.IsFinite(r.Value))
            .OrderBy(static r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    public void Dispose() => _aggregator.Dispose();

    private static string NameOf(MetricSeries series)
    {
        var name = series.Name.StartsWith(Prefix, StringComparison.Ordinal) ? series.Name[Prefix.Length..] : series.Name;
        return series.Tags.Count == 0
            ? name
            : name + "{" + string.Join(",", series.Tags.Select(static t => t.Key + "=" + t.Value)) + "}";
    }
}

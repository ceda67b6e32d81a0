using System.Diagnostics.Metrics;
using System.Globalization;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Listens to the instruments of one <see cref="Meter"/> instance and aggregates their measurements per instrument and
/// tag set, for a per-cycle record (<see cref="Snapshot"/> with reset) or a cumulative exposition (without).
/// </summary>
/// <remarks>
/// Only the given meter object is followed (not every meter of the same name), so two meters named <c>Kairos</c> in one
/// process — tests running side by side — never see each other's measurements. Measurements may arrive from any thread.
/// Observable instruments are read when a snapshot is taken; their callbacks report current values (observable
/// counters report running totals, which replace the previous total instead of adding to it).
/// </remarks>
public sealed class MeterAggregator : IDisposable
{
    private readonly Meter _meter;
    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Accumulator> _series = new(StringComparer.Ordinal);

    public MeterAggregator(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<byte>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, _) => Record(i, (double)v, t));
        _listener.Start();
    }

    /// <summary>
    /// Reads the observable instruments, then returns every series in ordinal order of name and tags; with
    /// <paramref name="reset"/> the next snapshot starts from nothing.
    /// </summary>
    public IReadOnlyList<MetricSeries> Snapshot(bool reset)
    {
        // Observable callbacks re-enter Record on this thread, so they must run outside the lock's critical section.
        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            var series = _series
                .OrderBy(static s => s.Key, StringComparer.Ordinal)
                .Select(static s => s.Value.ToSeries())
                .ToList();
            if (reset)
            {
                _series.Clear();
            }

            return series;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = pairs.Length == 0
            ? instrument.Name
            : instrument.Name + "{" + string.Join(",", pairs.Select(static p => p.Key + "=" + p.Value)) + "}";
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var accumulator))
            {
                accumulator = new Accumulator(instrument, pairs);
                _series.Add(key, accumulator);
            }

            accumulator.Add(value);
        }
    }

    private sealed class Accumulator
    {
        private readonly Instrument _instrument;
        private readonly IReadOnlyList<KeyValuePair<string, string>> _tags;
        private readonly MetricKind _kind;
        private readonly bool _reportsTotals;
        private long _count;
        private double _sum;
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;
        private double _last;

        public Accumulator(Instrument instrument, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            _instrument = instrument;
            _tags = tags;
            (_kind, _reportsTotals) = Classify(instrument);
        }

        public void Add(double value)
        {
            _count++;
            _sum = _reportsTotals ? value : _sum + value;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            _last = value;
        }

        public MetricSeries ToSeries() =>
            new(_instrument.Name, _instrument.Unit, _instrument.Description, _kind, _tags, _count, _sum, _min, _max, _last);

        private static (MetricKind Kind, bool ReportsTotals) Classify(Instrument instrument)
        {
            var type = instrument.GetType();
            var shape = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            return shape switch
            {
                _ when shape == typeof(Counter<>) => (MetricKind.Counter, false),
                _ when shape == typeof(ObservableCounter<>) => (MetricKind.Counter, true),
                _ when shape == typeof(UpDownCounter<>) => (MetricKind.UpDownCounter, false),
                _ when shape == typeof(ObservableUpDownCounter<>) => (MetricKind.UpDownCounter, true),
                _ when shape == typeof(Histogram<>) => (MetricKind.Histogram, false),
                _ => (MetricKind.Gauge, false),
            };
        }
    }
}

namespace Kairos.Core;

/// <summary>
/// An immutable, validated series of bars for one instrument, strictly ascending in time. The columns are also exposed as
/// arrays (structure of arrays) because the backtest kernels read them column by column.
/// </summary>
public sealed class BarSeries
{
    private readonly Bar[] _bars;

    public BarSeries(Instrument instrument, IEnumerable<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(bars);
        Instrument = instrument;
        _bars = [.. bars];
        var n = _bars.Length;
        Open = new double[n];
        High = new double[n];
        Low = new double[n];
        Close = new double[n];
        Volume = new double[n];
        for (var i = 0; i < n; i++)
        {
            var b = _bars[i];
            if (i > 0 && b.Timestamp <= _bars[i - 1].Timestamp)
            {
                throw new ArgumentException($"{instrument.Symbol}: bar {i} at {b.Timestamp:O} is not after bar {i - 1} at {_bars[i - 1].Timestamp:O}.", nameof(bars));
            }

            Open[i] = b.Open;
            High[i] = b.High;
            Low[i] = b.Low;
            Close[i] = b.Close;
            Volume[i] = b.Volume;
        }
    }

    public Instrument Instrument { get; }

    public int Count => _bars.Length;

    public IReadOnlyList<Bar> Bars => _bars;

    public Bar this[int index] => _bars[index];

    public double[] Open { get; }

    public double[] High { get; }

    public double[] Low { get; }

    public double[] Close { get; }

    public double[] Volume { get; }

    /// <summary>The first <paramref name="count"/> bars (a walk-forward prefix).</summary>
    public BarSeries Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new BarSeries(Instrument, _bars.AsSpan(0, count).ToArray());
    }
}

namespace Kairos.Kronos;

/// <summary>
/// One series to forecast: N input bars with their timestamps, and the P timestamps of the bars to generate.
/// <see cref="Values"/> is [N, 4 | 5 | 6]: open, high, low, close[, volume[, amount]] (reference rules: without volume,
/// volume = amount = 0; without amount, amount = volume × mean(open, high, low, close)).
/// </summary>
public sealed class SeriesInput
{
    public SeriesInput(IReadOnlyList<DateTime> timestamps, float[,] values, IReadOnlyList<DateTime> futureTimestamps)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(futureTimestamps);
        Timestamps = timestamps;
        Values = values;
        FutureTimestamps = futureTimestamps;
    }

    public IReadOnlyList<DateTime> Timestamps { get; }

    /// <summary>[N, 4 | 5 | 6] open, high, low, close[, volume[, amount]].</summary>
    public float[,] Values { get; }

    public IReadOnlyList<DateTime> FutureTimestamps { get; }

    /// <summary>Builds an input from column arrays (volume and amount optional).</summary>
    public static SeriesInput FromColumns(IReadOnlyList<DateTime> timestamps, float[] open, float[] high, float[] low, float[] close, float[]? volume, float[]? amount, IReadOnlyList<DateTime> futureTimestamps)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(close);
        if (amount is not null && volume is null)
        {
            throw new ArgumentException("amount given without volume.", nameof(amount));
        }

        float[][] cols = volume is null ? [open, high, low, close] : amount is null ? [open, high, low, close, volume] : [open, high, low, close, volume, amount];
        var n = open.Length;
        var values = new float[n, cols.Length];
        for (var c = 0; c < cols.Length; c++)
        {
            if (cols[c].Length != n)
            {
                throw new ArgumentException($"Column {c} has {cols[c].Length} values, open has {n}.");
            }

            for (var i = 0; i < n; i++)
            {
                values[i, c] = cols[c][i];
            }
        }

        return new SeriesInput(timestamps, values, futureTimestamps);
    }
}

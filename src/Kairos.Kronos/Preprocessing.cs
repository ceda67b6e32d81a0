namespace Kairos.Kronos;

/// <summary>The predictor's input preparation (kronos-spec.md §4.2): z-score per feature over the whole input,
/// clip, time features. All arithmetic in float32 like the reference (numpy float32 reductions along axis 0).</summary>
internal static class Preprocessing
{
    /// <summary>Per-column mean and population std (ddof 0) of x [n, 6], then x ← clip((x − mean)/(std + 1e-5), ±clip).</summary>
    /// <returns>Normalised [n, 6], mean [6], std [6].</returns>
    public static (float[] Normalized, float[] Mean, float[] Std) Normalize(float[] x, int n, float clip)
    {
        const int F = 6;
        var mean = new float[F];
        var std = new float[F];
        for (var f = 0; f < F; f++)
        {
            var column = new float[n];
            for (var r = 0; r < n; r++)
            {
                column[r] = x[(r * F) + f];
            }

            mean[f] = PairwiseSum(column) / n;
            for (var r = 0; r < n; r++)
            {
                var dlt = column[r] - mean[f];
                column[r] = dlt * dlt;
            }

            std[f] = MathF.Sqrt(PairwiseSum(column) / n);
        }

        var y = new float[n * F];
        for (var r = 0; r < n; r++)
        {
            for (var f = 0; f < F; f++)
            {
                var z = (x[(r * F) + f] - mean[f]) / (std[f] + 1e-5f);
                y[(r * F) + f] = Math.Clamp(z, -clip, clip);
            }
        }

        return (y, mean, std);
    }

    /// <summary>numpy's float32 pairwise summation (blocks of 128, 8 partial sums, recursive halving), reproduced so that
    /// mean and std are bit-identical to the reference's <c>np.mean</c>/<c>np.std</c>.</summary>
    internal static float PairwiseSum(ReadOnlySpan<float> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var s = 0f;
            foreach (var v in a)
            {
                s += v;
            }

            return s;
        }

        if (n <= 128)
        {
            Span<float> r = stackalloc float[8];
            a[..8].CopyTo(r);
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += a[i + j];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        var n2 = (n / 2) - ((n / 2) % 8);
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }

    /// <summary>Time features of one timestamp: minute, hour, weekday (Monday = 0), day of month, month.</summary>
    public static void TimeFeatures(DateTime t, Span<float> destination)
    {
        destination[0] = t.Minute;
        destination[1] = t.Hour;
        destination[2] = ((int)t.DayOfWeek + 6) % 7;
        destination[3] = t.Day;
        destination[4] = t.Month;
    }

    /// <summary>Time features [n, 5] of a timestamp sequence.</summary>
    public static float[] TimeFeatures(IReadOnlyList<DateTime> times)
    {
        var y = new float[times.Count * 5];
        for (var i = 0; i < times.Count; i++)
        {
            TimeFeatures(times[i], y.AsSpan(i * 5, 5));
        }

        return y;
    }
}

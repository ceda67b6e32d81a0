using System.Runtime.Intrinsics;

namespace Kairos.Backtesting.Kernel;

/// <summary>
/// Evaluates Σ<sub>days</sub> <see cref="EntryExitKernel.DayPnl"/> on a grid of (high offset, low offset) pairs in one
/// pass: the grid search's vectorised objective. Lanes run over low offsets (AVX2/AVX-512 through
/// <see cref="Vector256"/>), the high offset and the day are scalars. Each lane sums its days in day order with the
/// same operations as the scalar kernel, so <see cref="Evaluate"/> equals <see cref="EvaluateScalar"/> bit for bit.
/// </summary>
public static class KernelGrid
{
    /// <summary>
    /// Shapes: days[n], longQty[n] (≥ 0), shortQty[n] (≤ 0), highOffsets[a], lowOffsets[b] → sums[a·b] with
    /// sums[i·b + j] = Σ kernel(high offset i, low offset j).
    /// </summary>
    public static void Evaluate(
        ReadOnlySpan<KernelDay> days,
        ReadOnlySpan<double> longQty,
        ReadOnlySpan<double> shortQty,
        ReadOnlySpan<double> highOffsets,
        ReadOnlySpan<double> lowOffsets,
        double fee,
        bool closeAtEod,
        Span<double> sums)
    {
        Validate(days, longQty, shortQty, highOffsets, lowOffsets, sums);
        if (!Vector256.IsHardwareAccelerated)
        {
            EvaluateScalar(days, longQty, shortQty, highOffsets, lowOffsets, fee, closeAtEod, sums);
            return;
        }

        var nl = lowOffsets.Length;
        var lanes = Vector256<double>.Count;
        var full = nl - (nl % lanes);
        Span<double> tail = stackalloc double[lanes];
        for (var i = 0; i < highOffsets.Length; i++)
        {
            var h = highOffsets[i];
            var row = sums.Slice(i * nl, nl);
            for (var j = 0; j < nl; j += lanes)
            {
                Vector256<double> lo;
                if (j < full)
                {
                    lo = Vector256.Create(lowOffsets.Slice(j, lanes));
                }
                else
                {
                    tail.Fill(lowOffsets[nl - 1]);
                    lowOffsets[j..].CopyTo(tail);
                    lo = Vector256.Create((ReadOnlySpan<double>)tail);
                }

                var acc = SumLanes(days, longQty, shortQty, h, lo, fee, closeAtEod);
                if (j < full)
                {
                    acc.CopyTo(row.Slice(j, lanes));
                }
                else
                {
                    acc.CopyTo(tail);
                    tail[..(nl - j)].CopyTo(row[j..]);
                }
            }
        }
    }

    /// <summary>Scalar reference twin of <see cref="Evaluate"/>.</summary>
    public static void EvaluateScalar(
        ReadOnlySpan<KernelDay> days,
        ReadOnlySpan<double> longQty,
        ReadOnlySpan<double> shortQty,
        ReadOnlySpan<double> highOffsets,
        ReadOnlySpan<double> lowOffsets,
        double fee,
        bool closeAtEod,
        Span<double> sums)
    {
        Validate(days, longQty, shortQty, highOffsets, lowOffsets, sums);
        var nl = lowOffsets.Length;
        for (var i = 0; i < highOffsets.Length; i++)
        {
            for (var j = 0; j < nl; j++)
            {
                sums[(i * nl) + j] = EntryExitKernel.Sum(days, longQty, shortQty, highOffsets[i], lowOffsets[j], fee, closeAtEod);
            }
        }
    }

    private static Vector256<double> SumLanes(
        ReadOnlySpan<KernelDay> days,
        ReadOnlySpan<double> longQty,
        ReadOnlySpan<double> shortQty,
        double h,
        Vector256<double> lowOffset,
        double fee,
        bool closeAtEod)
    {
        var acc = Vector256<double>.Zero;
        var lowMin = Vector256.Create(EntryExitKernel.LowPredMin);
        var lowMax = Vector256.Create(EntryExitKernel.LowPredMax);
        for (var d = 0; d < days.Length; d++)
        {
            ref readonly var day = ref days[d];
            var hp = Math.Clamp(day.HighPredicted + h, EntryExitKernel.HighPredMin, EntryExitKernel.HighPredMax);
            var lp = Vector256.Min(Vector256.Max(Vector256.Create(day.LowPredicted) + lowOffset, lowMin), lowMax);
            var la = Vector256.Create(day.LowActual);
            var close = Vector256.Create(day.Close);
            var longHit = Vector256.GreaterThan(lp, la);
            var lq = longQty[d];
            var sq = shortQty[d];

            var longExit = closeAtEod || hp > day.HighActual ? close : Vector256.Create(hp);
            var longPnl = Vector256.ConditionalSelect(longHit, Vector256.Create(lq) * (longExit - lp), Vector256<double>.Zero);
            var longFeeQty = Vector256.ConditionalSelect(longHit, Vector256.Create(lq), Vector256<double>.Zero);

            Vector256<double> pnl;
            Vector256<double> feeQty;
            if (hp < day.HighActual)
            {
                var shortExit = closeAtEod ? close : Vector256.ConditionalSelect(Vector256.LessThan(lp, la), close, lp);
                pnl = longPnl + (Vector256.Create(sq) * (shortExit - Vector256.Create(hp)));
                feeQty = longFeeQty + Vector256.Create(-sq);
            }
            else
            {
                pnl = longPnl;
                feeQty = longFeeQty + Vector256<double>.Zero;
            }

            acc += pnl - (feeQty * fee);
        }

        return acc;
    }

    private static void Validate(
        ReadOnlySpan<KernelDay> days,
        ReadOnlySpan<double> longQty,
        ReadOnlySpan<double> shortQty,
        ReadOnlySpan<double> highOffsets,
        ReadOnlySpan<double> lowOffsets,
        Span<double> sums)
    {
        if (longQty.Length != days.Length || shortQty.Length != days.Length)
        {
            throw new ArgumentException("longQty and shortQty must have one entry per day.");
        }

        if (sums.Length < highOffsets.Length * lowOffsets.Length)
        {
            throw new ArgumentException("sums must hold highOffsets.Length × lowOffsets.Length values.", nameof(sums));
        }
    }
}
